import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, type ImportEdge, importGraph } from '../support/import-graph.ts';
import { layeringViolations, layerOf, unitOf } from './bff-layers.ts';

// The BFF's layering, enforced: dependencies run one way, entries -> app -> routes -> session ->
// oauth -> thumbtack/config -> http/errors. Biome (biome.json) refuses import cycles, node: modules
// outside the Node entry, arctic outside bff/oauth/, and bff/ importing web/ or test/; this test
// checks the layer order itself over the whole import graph, type-only imports included.

function sources(folder: string): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', folder], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => /\.tsx?$/.test(file));
}

describe('the BFF layering', () => {
  const files = sources('bff');
  const edges = importGraph('.', files);

  it('puts every file of bff/ in a layer, and every import points down (or sideways where designed)', () => {
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) expect(layerOf(unitOf(file) as string), file).toBeDefined();
    expect(layeringViolations(edges)).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(findCycles(edges)).toEqual([]);
    expect(findCycles(importGraph('.', sources('web')))).toEqual([]);
  });

  it('keeps node: modules in the Node entry and the OAuth library in bff/oauth/', () => {
    for (const edge of edges) {
      if (edge.specifier.startsWith('node:')) expect(edge.from).toMatch(/^bff\/node(\.ts|\/)/);
      if (edge.specifier === 'arctic' || edge.specifier.startsWith('arctic/')) {
        expect(edge.from).toMatch(/^bff\/oauth\//);
      }
      expect(edge.to).not.toMatch(/^(web|test)\//);
      expect(edge.specifier).not.toMatch(/^msw/);
    }
  });

  it('catches a layer broken, a cycle and a same-layer shortcut', () => {
    const edge = (from: string, to: string): ImportEdge => ({ from, to, specifier: `./${to}` });
    expect(
      layeringViolations([
        edge('bff/oauth/a.ts', 'bff/session/b.ts'),
        edge('bff/auth/a.ts', 'bff/proxy/b.ts'),
        edge('bff/session/a.ts', 'bff/oauth/b.ts'),
        edge('bff/http/a.ts', 'bff/brand-new/b.ts'),
      ]),
    ).toEqual([
      'bff/oauth/a.ts -> bff/session/b.ts',
      'bff/auth/a.ts -> bff/proxy/b.ts',
      'bff/http/a.ts -> bff/brand-new/b.ts: bff/brand-new has no layer',
    ]);
    expect(
      findCycles([edge('x/a.ts', 'x/b.ts'), edge('x/b.ts', 'x/c.ts'), edge('x/c.ts', 'x/a.ts')]),
    ).toEqual([['x/a.ts', 'x/b.ts', 'x/c.ts', 'x/a.ts']]);
  });
});

describe('the Biome rules that guard the layering', () => {
  it('refuse a cycle, a node: module, arctic outside bff/oauth/, and bff/ importing web/ or test/', () => {
    const root = mkdtempSync(join(tmpdir(), 'layering-lint-'));
    try {
      const config = JSON.parse(readFileSync('biome.json', 'utf8'));
      config.$schema = undefined;
      config.vcs = { enabled: false };
      config.files = { includes: ['**'] };
      writeFileSync(join(root, 'biome.json'), JSON.stringify(config));
      mkdirSync(join(root, 'bff', 'session'), { recursive: true });
      mkdirSync(join(root, 'bff', 'oauth'), { recursive: true });
      writeFileSync(
        join(root, 'bff', 'session', 'a.ts'),
        "import { b } from './b.ts';\nexport const a = () => b();\n",
      );
      writeFileSync(
        join(root, 'bff', 'session', 'b.ts'),
        "import { a } from './a.ts';\nexport const b = () => a();\n",
      );
      writeFileSync(
        join(root, 'bff', 'session', 'c.ts'),
        [
          "import { readFileSync } from 'node:fs';",
          "import { OAuth2Client } from 'arctic';",
          "import { x } from '../../web/lib/x.ts';",
          "import { y } from '../../test/support/y.ts';",
          'export const c = [readFileSync, OAuth2Client, x, y];',
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(root, 'bff', 'oauth', 'd.ts'),
        "import { OAuth2Client } from 'arctic';\nexport const d = OAuth2Client;\n",
      );
      const biome = resolve('node_modules/.bin/biome');
      const run = spawnSync(biome, ['lint', '--max-diagnostics=50', '.'], { cwd: root, encoding: 'utf8' });
      const found = `${run.stdout}${run.stderr}`
        .split('\n')
        .map((line) => /^(bff\/\S+?):(\d+):\d+ lint\/(\w+)\/(\w+)/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => `${m[1]}:${m[2]} ${m[4]}`)
        .sort();
      expect(found).toEqual([
        'bff/session/a.ts:1 noImportCycles',
        'bff/session/b.ts:1 noImportCycles',
        'bff/session/c.ts:1 noNodejsModules',
        'bff/session/c.ts:2 noRestrictedImports',
        'bff/session/c.ts:3 noRestrictedImports',
        'bff/session/c.ts:4 noRestrictedImports',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 30_000);
});
