import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeReturnTo } from '../../bff/auth/return-to.ts';
import { createHarness, type Harness, ORIGIN, signIn } from '../support/console-harness.ts';
import { HOSTILE_RETURN_TO, RETURN_TO_SITE } from '../support/redirect-vectors.ts';

const SITE = RETURN_TO_SITE;

describe('safeReturnTo', () => {
  it.each([
    ['/businesses/123/leads', '/businesses/123/leads'],
    ['/find?zip=10001#results', '/find?zip=10001#results'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/a/./b/../c', '/a/c'],
  ])('keeps the same-origin path %s (normalized)', (input, expected) => {
    expect(safeReturnTo(input, SITE)).toBe(expected);
  });

  it.each([
    // The list both safeReturnTo functions share, then the BFF's own.
    ...HOSTILE_RETURN_TO,
    `/${'a'.repeat(3000)}`,
    // Dot-segments that parsing resolves into a network-path reference (the reported hole).
    '/./evil.example/..//evil.example',
    '/a/%2e%2e//evil.example',
    '/././/evil.example',
  ])('falls back to / for %j', (input) => {
    expect(safeReturnTo(input, SITE)).toBe('/');
  });

  it.each([undefined, null, 42, ['/a', '/b'], { path: '/' }])(
    'falls back to / for a non-string %j',
    (input) => {
      expect(safeReturnTo(input, SITE)).toBe('/');
    },
  );
});

/**
 * Hostile values built from the alphabet open redirects are made of (`/ \ . % 2e 2f 5c @ :`, tab,
 * newline, schemes), as steps that look like path pieces: dot-segments in every spelling, doubled and
 * encoded slashes, hosts. Tricks like `/.//host` (which parsing turns into `//host`) come up often.
 */
const STEPS = [
  '/',
  '//',
  '/.',
  '/..',
  '/%2e',
  '/%2E',
  '/%2e%2e',
  '/.%2e',
  '/\\',
  '/%2f',
  '/%2F',
  '/%5c',
  '/evil.example',
  '/@evil.example',
  '/localhost:3000',
  '.',
  '%',
  '2e',
  '2f',
  '5c',
  '@',
  ':',
  '\t',
  '\n',
  'a',
];
const SCHEMES = ['', '', '', '', '', '', 'http:', 'https:', 'javascript:', '//', 'http://', 'data:'];
const hostileReturnTo = fc
  .tuple(fc.constantFrom(...SCHEMES), fc.array(fc.constantFrom(...STEPS), { minLength: 1, maxLength: 5 }))
  .map(([scheme, steps]) => scheme + steps.join(''));

/** Where a browser goes with this Location, on the page at `base`. */
function followed(location: string, base: string): URL {
  return new URL(location, base);
}

describe('safeReturnTo, for generated hostile values', () => {
  it('always yields a path that a browser resolves to our own origin', () => {
    fc.assert(
      fc.property(hostileReturnTo, (value) => {
        const result = safeReturnTo(value, SITE);
        expect(result.startsWith('/')).toBe(true);
        expect(result.startsWith('//')).toBe(false);
        expect(result.startsWith('/\\')).toBe(false);
        expect(followed(result, `${SITE}/auth/callback`).origin).toBe(SITE);
        // Idempotent: the callback checks the stored value again and must get the same answer.
        expect(safeReturnTo(result, SITE)).toBe(result);
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps ordinary in-app paths exactly as they are', () => {
    const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.boolean(), (segments, withQuery) => {
        const path = `/${segments.join('/')}${withQuery ? '?page=2&zip=10001' : ''}`;
        if (path.startsWith('/auth/')) return;
        expect(safeReturnTo(path, SITE)).toBe(path);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the callback, for generated hostile returnTo values', () => {
  let h: Harness;
  beforeAll(() => {
    h = createHarness({ scope: 'suite' });
  });
  afterAll(() => h.close());

  it('always redirects to a Location that resolves to PUBLIC_ORIGIN', async () => {
    await fc.assert(
      fc.asyncProperty(hostileReturnTo, async (value) => {
        const browser = h.browser();
        const callback = await signIn(h, browser, { returnTo: value });
        expect(callback.status).toBe(302);
        const location = callback.headers.get('location') as string;
        expect(location.startsWith('/')).toBe(true);
        expect(location.startsWith('//')).toBe(false);
        expect(followed(location, `${ORIGIN}/auth/callback`).origin).toBe(ORIGIN);
      }),
      { numRuns: 400 },
    );
  });

  it.each(['%2F.%2F%2Fevil.example', '/.//evil.example', '/%2e//evil.example', '/a/..//evil.example'])(
    'sends the reported vector %s home, not to evil.example',
    async (value) => {
      const browser = h.browser();
      const login = await browser.request(`/auth/login?returnTo=${value}`, { csrf: false });
      expect(login.status).toBe(302);
      const callback = await signIn(h, h.browser(), { returnTo: decodeURIComponent(value) });
      expect(callback.headers.get('location')).toBe('/');
    },
  );
});
