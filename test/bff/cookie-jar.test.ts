import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../bff/http/app-env.ts';
import { CHUNK_SIZE, MAX_CHUNKS, readChunked, writeChunked } from '../../bff/session/cookie-jar.ts';

const NAME = '__Host-test';

function app() {
  const a = new Hono<AppEnv>();
  a.post('/write', async (c) => {
    writeChunked(c, NAME, await c.req.text(), { sameSite: 'Strict', maxAge: 600 });
    return c.body(null, 204);
  });
  a.get('/read', (c) => c.text(readChunked(c, NAME) ?? '<none>'));
  a.onError((err, c) => c.text(err.name, 500));
  return a;
}

const setCookies = (res: Response) => res.headers.getSetCookie();

describe('chunked cookies', () => {
  it('writes a small value as one __Host- cookie with every attribute', async () => {
    const res = await app().request('/write', { method: 'POST', body: 'small' });
    expect(setCookies(res)).toEqual([
      `${NAME}=small; Max-Age=600; Path=/; HttpOnly; Secure; SameSite=Strict`,
    ]);
  });

  it('splits a large value into chunks each under 4096 bytes, and reads it back whole', async () => {
    const value = 'x'.repeat(CHUNK_SIZE * 2 + 10);
    const res = await app().request('/write', { method: 'POST', body: value });
    const cookies = setCookies(res);
    expect(cookies.map((c) => c.split('=')[0])).toEqual([`${NAME}.0`, `${NAME}.1`, `${NAME}.2`]);
    for (const cookie of cookies) expect(cookie.length).toBeLessThan(4096);
    const header = cookies.map((c) => c.split(';')[0]).join('; ');
    const read = await app().request('/read', { headers: { Cookie: header } });
    expect(await read.text()).toBe(value);
  });

  it('deletes stale chunks when a value shrinks', async () => {
    const res = await app().request('/write', {
      method: 'POST',
      body: 'small',
      headers: { Cookie: `${NAME}.0=a; ${NAME}.1=b; ${NAME}.2=c` },
    });
    const cookies = setCookies(res);
    expect(cookies).toContain(`${NAME}=small; Max-Age=600; Path=/; HttpOnly; Secure; SameSite=Strict`);
    for (const i of [0, 1, 2]) {
      expect(cookies).toContain(`${NAME}.${i}=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict`);
    }
  });

  it('deletes the unchunked cookie and surplus chunks when a value grows or shrinks in chunks', async () => {
    const res = await app().request('/write', {
      method: 'POST',
      body: 'y'.repeat(CHUNK_SIZE + 1),
      headers: { Cookie: `${NAME}=old; ${NAME}.0=a; ${NAME}.1=b; ${NAME}.2=c` },
    });
    const deleted = setCookies(res)
      .filter((c) => c.includes('Max-Age=0'))
      .map((c) => c.split('=')[0]);
    expect(deleted.sort()).toEqual([NAME, `${NAME}.2`]);
  });

  it('refuses to write more than the chunk cap', async () => {
    const res = await app().request('/write', {
      method: 'POST',
      body: 'z'.repeat(CHUNK_SIZE * MAX_CHUNKS + 1),
    });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('CookieTooLargeError');
  });

  it('reads nothing when more chunks than the cap arrive', async () => {
    const header = Array.from({ length: MAX_CHUNKS + 1 }, (_, i) => `${NAME}.${i}=v`).join('; ');
    const read = await app().request('/read', { headers: { Cookie: header } });
    expect(await read.text()).toBe('<none>');
  });
});
