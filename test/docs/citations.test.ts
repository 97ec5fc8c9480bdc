import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenCitations, slug } from '../support/citations.ts';

// The repository stands alone: whatever a comment or a doc cites (a reference page, a decision, a
// section of the architecture) is in the repository, under that name, with that heading.

const CHECKED = /\.(ts|tsx|md|sh|css|html)$|^\.env\.example$/;

function trackedFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    encoding: 'utf8',
  });
  return (
    listed
      .split('\n')
      .filter((file) => file.length > 0 && CHECKED.test(file.split('/').at(-1) ?? ''))
      .filter((file) => !file.startsWith('node_modules/'))
      // This file writes broken citations on purpose, to show the check catches them.
      .filter((file) => file !== 'test/docs/citations.test.ts')
  );
}

describe('citations in code and docs', () => {
  it('lead to files and headings that exist', () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(100);
    const broken = brokenCitations('.', files).map((b) => `${b.file}:${b.line}: ${b.problem}`);
    expect(broken).toEqual([]);
  });

  it('name only repository paths that exist, in the docs', () => {
    const docs = trackedFiles().filter((file) => file.endsWith('.md'));
    const missing: string[] = [];
    let checked = 0;
    for (const file of docs) {
      const text = readFileSync(file, 'utf8');
      for (const [, path = ''] of text.matchAll(/`((?:bff|web|test|docs)\/[\w./-]*[\w/])`/g)) {
        // Patterns and placeholders (`web/features/<area>/`) are not paths.
        if (/[<>*{}]/.test(path)) continue;
        checked += 1;
        if (!existsSync(path)) missing.push(`${file}: ${path}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('catch a missing file, a missing anchor and a missing quoted section', () => {
    const root = mkdtempSync(join(tmpdir(), 'citations-'));
    try {
      mkdirSync(join(root, 'docs'));
      writeFileSync(
        join(root, 'docs', 'handbook.md'),
        "# Handbook\n\n## Refresh tokens\n\n### The BFF's interface\n",
      );
      const external = ['vendor-notes', 'md §2.4'].join('.');
      writeFileSync(
        join(root, 'code.ts'),
        [
          `// fine: docs/handbook.md#refresh-tokens and docs/handbook.md, "The BFF's interface"`,
          `// gone: ${external}`,
          '// no such heading: docs/handbook.md#access-tokens',
          '// no such section: docs/handbook.md, "House style"',
        ].join('\n'),
      );
      const problems = brokenCitations(root, ['code.ts']).map((b) => `${b.line}: ${b.problem}`);
      expect(problems).toEqual([
        '2: vendor-notes.md does not exist in the repository',
        '3: docs/handbook.md has no heading #access-tokens',
        '4: docs/handbook.md has no section "House style"',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('slugs headings as GitHub does', () => {
    expect(slug('Refresh tokens')).toBe('refresh-tokens');
    expect(slug("The BFF's HTTP interface (keep it stable; tests outside the project use it)")).toBe(
      'the-bffs-http-interface-keep-it-stable-tests-outside-the-project-use-it',
    );
    expect(slug('Discovery, JWKS, userinfo and revocation')).toBe('discovery-jwks-userinfo-and-revocation');
  });
});
