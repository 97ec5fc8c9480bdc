/**
 * The README's table of proxied routes, made from the route table itself so the two cannot drift.
 * `node_modules/.bin/tsx test/support/route-docs.ts --write` rewrites the README section;
 * test/bff/readme-routes.test.ts fails when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ROUTES } from '../../bff/proxy/route-table.ts';

export const START = '<!-- routes:start -->';
export const END = '<!-- routes:end -->';

export function routeTableMarkdown(): string {
  const rows = ROUTES.map((r) =>
    [
      r.side,
      r.method,
      `\`/api${r.path}\``,
      r.token === 'app' ? 'app (client credentials)' : 'user',
      r.scopes.map((s) => `\`${s}\``).join(' or '),
      Object.keys(r.query)
        .map((q) => `\`${q}\``)
        .join(', ') || '—',
    ].join(' | '),
  );
  return [
    '| side | method | path | token | scope (any one) | query keys |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

export function readmeSection(readme: string): string | undefined {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + START.length, end).trim();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv.includes('--write')) {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  writeFileSync(
    'README.md',
    `${readme.slice(0, start + START.length)}\n${routeTableMarkdown()}\n${readme.slice(end)}`,
  );
}
