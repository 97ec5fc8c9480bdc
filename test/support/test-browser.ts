import type { Hono } from 'hono';

/**
 * A minimal browser for BFF integration tests: keeps cookies the way a browser would (Set-Cookie in,
 * Cookie out, Max-Age=0 deletes), sends our Origin, and records every response so tests can scan
 * them all (no token may ever reach the browser).
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  readonly responses: { url: string; status: number; headers: [string, string][]; body: string }[] = [];

  constructor(
    private readonly app: { request: Hono['request'] },
    readonly origin = 'http://localhost',
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(path: string, init: RequestInit & { csrf?: boolean } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has('cookie')) headers.set('Cookie', this.cookieHeader());
    if (init.csrf !== false && !headers.has('x-csrf')) headers.set('X-CSRF', '1');
    const method = (init.method ?? 'GET').toUpperCase();
    if (!['GET', 'HEAD'].includes(method) && !headers.has('origin')) headers.set('Origin', this.origin);
    const url = path.startsWith('http') ? path : `${this.origin}${path}`;
    const res = await this.app.request(url, { ...init, headers });
    this.store(res);
    // An event stream never ends: it is recorded without its body (and not cloned, which would buffer it).
    const streaming = res.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
    const body = streaming ? '' : await res.clone().text();
    this.responses.push({ url, status: res.status, headers: [...res.headers], body });
    return res;
  }

  store(res: Response): void {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1);
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** Everything the browser received except the sealed cookie values themselves. */
  everythingSeen(): string {
    return this.responses
      .map((r) => {
        const headers = r.headers
          .filter(([k]) => k.toLowerCase() !== 'set-cookie')
          .map(([k, v]) => `${k}: ${v}`);
        return [r.url, ...headers, r.body].join('\n');
      })
      .join('\n\n');
  }
}
