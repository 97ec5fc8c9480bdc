import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/**
 * Checks the pointers our code and docs leave for readers: every cited Markdown file must exist, every
 * `#anchor` must be a heading of that file, and every quoted section (`docs/architecture.md, "House
 * style"`) must be a heading too. A citation that leads nowhere is a bug like any other.
 */

export interface Citation {
  file: string;
  line: number;
  text: string;
}

export interface BrokenCitation extends Citation {
  problem: string;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

function headingsOf(path: string): { slugs: Set<string>; titles: string[] } {
  const titles = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => line.replace(/^#+ /, '').trim());
  return { slugs: new Set(titles.map(slug)), titles };
}

const MD_REFERENCE = /(?<![\w@])((?:\.{1,2}\/)*[\w.-]+(?:\/[\w.-]+)*\.md)(#[\p{L}\p{N}_-]+)?/gu;
const QUOTED_SECTION = /((?:docs\/)?[\w/.-]+\.md)\)?,? "([^"]+)"/g;

/** Where a reference written in `from` points: next to it (Markdown links), else from the root. */
function resolveReference(root: string, from: string, reference: string): string | undefined {
  const candidates = [
    join(root, dirname(from), reference),
    join(root, reference),
    join(root, 'docs', reference),
  ];
  return candidates.map((c) => normalize(c)).find((c) => existsSync(c));
}

export function brokenCitations(root: string, files: string[]): BrokenCitation[] {
  const broken: BrokenCitation[] = [];
  for (const file of files) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((text, index) => {
      const at = { file, line: index + 1, text: text.trim() };
      for (const match of text.matchAll(MD_REFERENCE)) {
        const [, reference = '', anchor] = match;
        // Part of a web address: someone else's file, not a pointer into this repository.
        const before = text.slice(0, match.index).split(/\s/).at(-1) ?? '';
        if (before.includes('://')) continue;
        const target = resolveReference(root, file, reference);
        if (!target) {
          broken.push({ ...at, problem: `${reference} does not exist in the repository` });
          continue;
        }
        if (anchor && !headingsOf(target).slugs.has(anchor.slice(1))) {
          broken.push({ ...at, problem: `${reference} has no heading ${anchor}` });
        }
      }
      for (const match of text.matchAll(QUOTED_SECTION)) {
        const [, reference = '', quoted = ''] = match;
        const target = resolveReference(root, file, reference);
        if (!target) continue; // already reported above
        const { titles } = headingsOf(target);
        if (!titles.some((title) => title.toLowerCase().includes(quoted.toLowerCase()))) {
          broken.push({ ...at, problem: `${reference} has no section "${quoted}"` });
        }
      }
    });
  }
  return broken;
}
