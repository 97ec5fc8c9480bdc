/** The site both returnTo suites check against: a hostile value below may spell it. */
export const RETURN_TO_SITE = 'http://localhost:3000';

/**
 * Hand-written hostile returnTo values that both safeReturnTo functions, the BFF's
 * (test/bff/return-to.test.ts) and the SPA's (test/web/return-to.test.tsx), must answer with '/' on
 * RETURN_TO_SITE. Each suite adds the vectors of its own on top; the generated ones live in the suites.
 */
export const HOSTILE_RETURN_TO: readonly string[] = [
  // Another host, however it is spelled.
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  'https://evil.example',
  `${RETURN_TO_SITE}.evil.example/`,
  // Paths that resolve to another host: the result, not the input, is what counts.
  '/.//evil.example',
  '/a/..//evil.example',
  '/%2e//evil.example',
  '/%2E//evil.example',
  '/%2e%2e//evil.example',
  '/.%2e//evil.example',
  // Control characters, which the URL parser would silently repair.
  '/\t/evil.example',
  '/\n/evil.example',
  '/\u0000',
  // Other schemes and things that are not paths.
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'evil.example',
  '',
  ' /path',
  // The BFF's login machinery.
  '/auth/login?returnTo=//evil.example',
  '/auth/callback',
];
