// @vitest-environment node
import './support/dom';
import { screen, waitFor } from '@testing-library/react';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bffLoginHref, safeReturnTo } from '../../web/lib/paths';
import { HOSTILE_RETURN_TO, RETURN_TO_SITE } from '../support/redirect-vectors';
import { installConsoleBackend, signedIn, signedOut } from './support/console-backend';
import { renderApp } from './support/render-app';

installConsoleBackend();

const ORIGIN = RETURN_TO_SITE;

/** What every answer must be: a path that stays on `origin`, whoever reads it. */
function expectSamePath(result: string, origin: string) {
  expect(new URL(result, origin).origin).toBe(origin);
  expect(result.startsWith('/')).toBe(true);
  expect(result.startsWith('//')).toBe(false);
  expect(result.startsWith('/\\')).toBe(false);
}

describe('safeReturnTo', () => {
  it.each([
    ['/businesses/123/leads', '/businesses/123/leads'],
    ['/find?zip=10001#results', '/find?zip=10001#results'],
    // Encoded slashes stay inside one path segment: a path on this origin.
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/%2fevil.example', '/%2fevil.example'],
    ['/auth', '/auth'],
  ])('keeps the same-origin path %j', (input, expected) => {
    expect(safeReturnTo(input, ORIGIN)).toBe(expected);
  });

  it.each([
    ['/a/./b', '/a/b'],
    ['/a/b/../c', '/a/c'],
    ['/a/%2e%2e/b', '/b'],
    ['/find?q=a b', '/find?q=a%20b'],
    ['/a b', '/a%20b'],
  ])('answers %j normalized, as %j', (input, expected) => {
    expect(safeReturnTo(input, ORIGIN)).toBe(expected);
  });

  it.each([
    // The list both safeReturnTo functions share, then the SPA's own.
    ...HOSTILE_RETURN_TO,
    // Another host, however it is spelled.
    'http://localhost:3000@evil.example/',
    // Paths that resolve to another host: the result, not the input, is what counts.
    '/./\\/evil.example',
    '/..//evil.example',
    '/a/../..//evil.example',
    '/%2e/%2e//evil.example',
    // Control characters and backslashes, which the URL parser would silently repair.
    '/\r/evil.example',
    '/\u007f',
    '/a\\b',
    '/path\t',
    // Other schemes and things that are not paths.
    'http:/evil.example',
    `${ORIGIN}/businesses`,
    // The BFF's login machinery, by a detour.
    '/auth/../auth/login',
    '/x/%2e%2e/auth/logout',
  ])('falls back to / for %j', (input) => {
    expect(safeReturnTo(input, ORIGIN)).toBe('/');
  });

  it('falls back to / for a path longer than any the console makes', () => {
    expect(safeReturnTo(`/${'a'.repeat(2047)}`, ORIGIN)).toBe(`/${'a'.repeat(2047)}`);
    expect(safeReturnTo(`/${'a'.repeat(2048)}`, ORIGIN)).toBe('/');
  });

  it.each([undefined, null])('falls back to / for %j', (input) => {
    expect(safeReturnTo(input, ORIGIN)).toBe('/');
  });

  it("checks against the page's own origin by default", () => {
    expect(window.location.origin).toBe('http://localhost');
    expect(safeReturnTo('/account')).toBe('/account');
    expect(safeReturnTo('/.//evil.example')).toBe('/');
    expect(bffLoginHref('/%2e//evil.example')).toBe('/auth/login?returnTo=%2F');
  });

  const origins = fc.constantFrom(ORIGIN, 'http://localhost', 'https://console.partner.example');

  // Pieces a hostile returnTo is made of: separators, dots, percent-encodings of them, userinfo and
  // port markers, what the parser strips, schemes and a foreign host.
  const hostile = fc
    .tuple(
      fc.constantFrom('', '/', '//', '\\', 'http:', 'https:', 'javascript:', 'HTTP:', '/\\'),
      fc.array(
        fc.constantFrom(
          '/',
          '\\',
          '.',
          '%',
          '2e',
          '2f',
          '5c',
          '2E',
          '2F',
          '5C',
          '@',
          ':',
          '\t',
          '\n',
          '//',
          'evil.example',
          'localhost',
          'auth',
        ),
        { maxLength: 24 },
      ),
    )
    .map(([prefix, parts]) => prefix + parts.join(''));

  it('never answers anything but a path on the same origin, whatever it is given', () => {
    fc.assert(
      fc.property(hostile, origins, (value, origin) => {
        const result = safeReturnTo(value, origin);
        expectSamePath(result, origin);
        expect(new URL(result, origin).pathname.startsWith('/auth/')).toBe(false);
        // What it answers, it keeps: the login link applies it again.
        expect(safeReturnTo(result, origin)).toBe(result);
      }),
      { numRuns: 5_000 },
    );
  });

  it('never answers anything but a path on the same origin, for any string at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), origins, (tail, origin) => {
        for (const value of [tail, `/${tail}`, `/.${tail}`, `/%2e${tail}`]) {
          expectSamePath(safeReturnTo(value, origin), origin);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives legitimate paths back unchanged', () => {
    const segment = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,11}$/);
    const pair = fc.tuple(
      fc.stringMatching(/^[a-z][a-zA-Z]{0,7}$/),
      fc.stringMatching(/^[a-zA-Z0-9_-]{0,8}$/),
    );
    const legitimate = fc.oneof(
      fc.bigInt({ min: 1n, max: 9_223_372_036_854_775_807n }).map((id) => `/businesses/${id}/leads?x=1`),
      fc
        .tuple(
          fc.array(segment, { minLength: 1, maxLength: 5 }),
          fc.array(pair, { maxLength: 3 }),
          fc.option(segment, { nil: undefined }),
        )
        .filter(([segments]) => segments[0] !== 'auth')
        .map(
          ([segments, query, hash]) =>
            `/${segments.join('/')}${query.length ? `?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}${hash ? `#${hash}` : ''}`,
        ),
    );
    fc.assert(
      fc.property(legitimate, origins, (path, origin) => {
        expect(safeReturnTo(path, origin)).toBe(path);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('the login screen with a hostile returnTo', () => {
  it.each(['/./\\/evil.example', '/.//evil.example', '/%2e//evil.example', '/\t/evil.example'])(
    'links the BFF login to / for %j',
    async (returnTo) => {
      signedOut();
      renderApp(`/login?returnTo=${encodeURIComponent(returnTo)}`);
      const connect = await screen.findByRole('link', { name: 'Connect Thumbtack' });
      expect(connect.getAttribute('href')).toBe('/auth/login?returnTo=%2F');
    },
  );

  it('sends a signed-in person home instead of away', async () => {
    await signedIn();
    const { router } = renderApp(`/login?returnTo=${encodeURIComponent('/%2e//evil.example')}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome back, Maya' })).toBeTruthy();
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
  });

  it('still returns a signed-in person to a legitimate deep link', async () => {
    await signedIn();
    const { router } = renderApp(`/login?returnTo=${encodeURIComponent('/account')}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Account' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/account');
  });
});
