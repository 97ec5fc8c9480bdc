import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

/**
 * The import graph of a set of source files, read with TypeScript's own scanner (static imports,
 * re-exports, `import type` and dynamic `import()` alike), with relative specifiers resolved to
 * repository paths. Bare specifiers (packages, `node:` modules) are kept as written.
 */
export interface ImportEdge {
  from: string;
  /** A repository path for relative imports; the specifier itself for packages. */
  to: string;
  specifier: string;
}

export function importsOf(root: string, file: string): ImportEdge[] {
  const source = readFileSync(join(root, file), 'utf8');
  const info = ts.preProcessFile(source, true, true);
  return info.importedFiles.map(({ fileName: specifier }) => ({
    from: file,
    specifier,
    to: specifier.startsWith('.')
      ? normalize(relative(root, join(root, dirname(file), specifier)))
      : specifier,
  }));
}

export function importGraph(root: string, files: string[]): ImportEdge[] {
  return files.flatMap((file) => importsOf(root, file));
}

/** Every cycle among local files (each reported once, as the path around it). */
export function findCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    if (!edge.specifier.startsWith('.')) continue;
    next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  }
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const target of next.get(node) ?? []) {
      if (state.get(target) === 'visiting') {
        const cycle = stack.slice(stack.indexOf(target));
        const key = [...cycle].sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push([...cycle, target]);
        }
      } else if (!state.has(target)) {
        visit(target);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of next.keys()) if (!state.has(node)) visit(node);
  return cycles;
}
