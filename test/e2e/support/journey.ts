import { type APIRequestContext, expect, type Page } from '@playwright/test';

export const SESSION_COOKIE = '__Host-tt-session';

/** Restores the fake Thumbtack's demo world, so every journey starts from the same data. */
export async function resetFake(request: APIRequestContext) {
  // The control surface takes JSON only (it refuses what a cross-site page could send).
  const response = await request.post('/__thumbtack/control/reset', {
    headers: { 'Content-Type': 'application/json' },
  });
  expect(response.ok(), 'the fake Thumbtack resets (mock mode only)').toBe(true);
}

/**
 * Collects what the page reports as going wrong: console errors and uncaught exceptions. A journey
 * ends with `expect(problems.list()).toEqual([])`; `allow` takes the few a step expects on purpose.
 */
export function watchConsole(page: Page) {
  const problems: string[] = [];
  const allowed: RegExp[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = `${message.text()} (${message.location().url})`;
    if (!allowed.some((pattern) => pattern.test(text))) problems.push(`console.error: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.name}: ${error.message}`));
  return {
    allow(pattern: RegExp) {
      allowed.push(pattern);
    },
    list: () => [...problems],
  };
}

/** On the fake's consent page (it stands in for thumbtack.com): the person allows the console. */
export async function allowOnConsentPage(page: Page) {
  await expect(page).toHaveURL(/\/__thumbtack\/auth\/oauth2\/auth\?/);
  await page.getByRole('button', { name: 'Allow' }).click();
  await expect(page).not.toHaveURL(/\/__thumbtack\//);
}

const isSessionCookie = (name: string) => name === SESSION_COOKIE || name.startsWith(`${SESSION_COOKIE}.`);

/**
 * The session cookie (or its chunks, when the sealed session is large) exists, is HttpOnly, Secure
 * and SameSite=Strict, and no cookie at all is readable from script.
 */
export async function expectOnlyAnHttpOnlySessionCookie(page: Page) {
  const cookies = await page.context().cookies();
  const session = cookies.filter((cookie) => isSessionCookie(cookie.name));
  expect(session.length, 'the session cookie is set').toBeGreaterThan(0);
  for (const cookie of session) {
    expect(cookie, `cookie ${cookie.name}`).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/',
    });
  }
  const readable = cookies.filter((cookie) => !cookie.httpOnly).map((cookie) => cookie.name);
  expect(readable, 'cookies script could read').toEqual([]);
}

export async function expectSignedOut(page: Page) {
  const cookies = await page.context().cookies();
  expect(cookies.filter((cookie) => isSessionCookie(cookie.name))).toEqual([]);
}
