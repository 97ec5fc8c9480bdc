import type { Page, Response } from '@playwright/test';

/**
 * Watches everything the browser receives from our origin and everything it keeps, for the one rule:
 * no access, refresh or id token ever reaches it. Access and id tokens are JWS (three base64url
 * parts, a JSON header and payload); the fake's refresh tokens start `ory_rt_` as Hydra's do. The
 * sealed session cookie is a JWE (five parts, empty key part) and only travels in Set-Cookie.
 */
const JWS = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;
const REFRESH = /ory_rt_[A-Za-z0-9_-]{8,}/;

export function watchForTokens(page: Page) {
  const findings: string[] = [];
  let seen = 0;
  const check = (where: string, text: string) => {
    if (JWS.test(text) || REFRESH.test(text)) findings.push(`${where}: ${text.slice(0, 120)}`);
  };
  page.on('response', async (response: Response) => {
    const url = new URL(response.url());
    // The fake Thumbtack's own pages stand in for thumbtack.com: not the BFF's responses.
    if (url.pathname.startsWith('/__thumbtack/')) return;
    seen += 1;
    for (const [name, value] of Object.entries(await response.allHeaders())) {
      if (name !== 'set-cookie') check(`${url.pathname} header ${name}`, value);
    }
    try {
      check(`${url.pathname} body`, await response.text());
    } catch {
      // Redirects and aborted navigations have no body to read.
    }
  });
  return {
    /**
     * Asserts nothing token-like arrived, and nothing token-like is in the page's content, its
     * localStorage or sessionStorage, or a cookie script can read.
     */
    async assertClean() {
      const stored = await page.evaluate(() => ({
        text: document.documentElement.outerHTML,
        cookie: document.cookie,
        local: JSON.stringify({ ...localStorage }),
        session: JSON.stringify({ ...sessionStorage }),
      }));
      for (const [where, text] of Object.entries(stored)) check(`page ${where}`, text);
      if (stored.cookie.includes('tt-session')) findings.push('session cookie readable from script');
      // Every cookie script could read, on any path of the origin, not only the current page's.
      for (const cookie of await page.context().cookies()) {
        if (!cookie.httpOnly) check(`cookie ${cookie.name}`, cookie.value);
      }
      return { findings, responsesSeen: seen };
    },
  };
}
