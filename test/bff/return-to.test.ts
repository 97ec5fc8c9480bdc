import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '../../bff/auth/return-to.ts';

const ORIGIN = 'http://localhost:3000';

describe('safeReturnTo', () => {
  it.each([
    ['/businesses/123/leads', '/businesses/123/leads'],
    ['/find?zip=10001#results', '/find?zip=10001#results'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ])('keeps the same-origin path %s', (input, expected) => {
    expect(safeReturnTo(input, ORIGIN)).toBe(expected);
  });

  it.each([
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example',
    'http://localhost:3000.evil.example/',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\u0000',
    'evil.example',
    '',
    ' /path',
    '/auth/login?returnTo=//evil.example',
    '/auth/callback',
    `/${'a'.repeat(3000)}`,
  ])('falls back to / for %j', (input) => {
    expect(safeReturnTo(input, ORIGIN)).toBe('/');
  });

  it.each([undefined, null, 42, ['/a', '/b'], { path: '/' }])(
    'falls back to / for a non-string %j',
    (input) => {
      expect(safeReturnTo(input, ORIGIN)).toBe('/');
    },
  );
});
