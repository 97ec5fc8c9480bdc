import type { Context } from 'hono';
import { errorBody } from '../errors.ts';
import type { AppEnv } from '../http/app-env.ts';

/**
 * A callback that cannot be finished is answered 400 without touching Thumbtack. A person who lands
 * here in a browser gets a short page with a way back; API clients get the usual error shape.
 */
export function loginProblem(c: Context<AppEnv>, code: string, message: string) {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  const requestId = (c.get('requestId') as string | undefined) ?? 'unknown';
  if (!(c.req.header('accept') ?? '').includes('text/html')) {
    return c.json(errorBody(code, message, requestId), 400);
  }
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign-in could not be completed</title></head>
<body><main><h1>Sign-in could not be completed</h1><p>${escapeHtml(message)}</p>
<p><a href="/login">Back to sign-in</a></p><p><small>Reference: ${escapeHtml(requestId)} (${escapeHtml(code)})</small></p></main></body></html>`;
  return c.html(html, 400);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
