/**
 * A browser over real HTTP for tests of a running console (a Node process, workerd): keeps cookies
 * like a browser, sends X-CSRF and our Origin, follows nothing by itself. `signIn` walks the fake
 * Thumbtack's consent page the way a person would.
 */
export class HttpBrowser {
  readonly cookies = new Map<string, string>();

  constructor(readonly origin: string) {}

  async request(path: string, init: RequestInit & { csrf?: boolean } = {}): Promise<Response> {
    const url = path.startsWith('http') ? path : `${this.origin}${path}`;
    const headers = new Headers(init.headers);
    const sameOrigin = url.startsWith(this.origin);
    if (sameOrigin && this.cookies.size > 0) {
      headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    if (sameOrigin && init.csrf !== false) headers.set('X-CSRF', '1');
    const method = (init.method ?? 'GET').toUpperCase();
    if (sameOrigin && !['GET', 'HEAD'].includes(method)) headers.set('Origin', this.origin);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    if (sameOrigin) this.store(res);
    return res;
  }

  private store(res: Response): void {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1);
      if (value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** /auth/login, the fake's consent page, Allow, the callback. Returns the callback's answer. */
  async signIn(account = 'demo-pro', returnTo = '/'): Promise<Response> {
    const login = await this.request(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`, { csrf: false });
    const authorize = login.headers.get('location');
    if (login.status !== 302 || !authorize) throw new Error(`login answered ${login.status}`);
    const decided = await fetch(new URL(authorize, this.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ account, decision: 'allow' }),
      redirect: 'manual',
    });
    const callback = decided.headers.get('location');
    if (!callback) throw new Error(`consent answered ${decided.status} without a redirect`);
    const url = new URL(callback);
    return this.request(`${url.pathname}${url.search}`, { csrf: false });
  }
}
