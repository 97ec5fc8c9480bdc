import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { securityHeaderValues } from '../../bff/http/security-headers.ts';
import { assetHeadersFile, HEADERS_FILE, PRODUCTION_LIKE_ORIGIN } from '../mocks/edge-config.ts';

// On Cloudflare the built SPA is served by the platform's static assets, not by the BFF, so its headers
// come from the `_headers` file in the build (web/public/_headers, copied there by vite). They must be
// the BFF's own (bff/http/security-headers.ts) and the Node static handler's caching, or the edge would
// serve the SPA with a weaker policy than Node does.

/** The rules of a `_headers` file: path pattern -> header lines in order (`! Name` detaches). */
function parseHeadersFile(text: string): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      current = [];
      rules.set(line.trim(), current);
    } else {
      current?.push(line.trim());
    }
  }
  return rules;
}

const asHeaders = (lines: string[]) =>
  Object.fromEntries(
    lines
      .filter((line) => !line.startsWith('!'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
  );

describe('the static assets on the edge (`_headers`)', () => {
  const committed = readFileSync(HEADERS_FILE, 'utf8');

  it('web/public/_headers is what assetHeadersFile writes for an https origin', () => {
    // To update it: node --import tsx -e "import('./test/mocks/edge-config.ts').then((m) =>
    //   require('node:fs').writeFileSync(m.HEADERS_FILE, m.assetHeadersFile(m.PRODUCTION_LIKE_ORIGIN)))"
    expect(committed).toBe(assetHeadersFile(PRODUCTION_LIKE_ORIGIN));
  });

  it('gives every asset exactly the security headers the BFF sends on https, HSTS included', () => {
    const rules = parseHeadersFile(committed);
    expect([...rules.keys()]).toEqual(['/*', '/assets/*']);
    const { 'Cache-Control': cacheControl, ...security } = asHeaders(rules.get('/*') ?? []);
    expect(security).toEqual(securityHeaderValues(PRODUCTION_LIKE_ORIGIN));
    expect(security['Strict-Transport-Security']).toMatch(/max-age=\d+/);
    // Caching as the Node static handler has it: the shell always revalidated, hashed files forever.
    expect(cacheControl).toBe('no-cache');
    expect(rules.get('/assets/*')).toEqual([
      '! Cache-Control',
      'Cache-Control: public, max-age=31536000, immutable',
    ]);
  });

  it('for a local http origin (npm run edge) has no HSTS, as the BFF sends none on http', () => {
    const local = asHeaders(parseHeadersFile(assetHeadersFile('http://localhost:3000')).get('/*') ?? []);
    const { 'Cache-Control': _, ...security } = local;
    expect(security).toEqual(securityHeaderValues('http://localhost:3000'));
    expect(security['Strict-Transport-Security']).toBeUndefined();
  });
});
