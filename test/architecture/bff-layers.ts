import type { ImportEdge } from '../support/import-graph.ts';

// The layer table of bff/ (docs/architecture.md, "Layering"): which unit (a folder, or a file at the top
// of bff/) sits in which layer. A new folder gets its layer here first.

/** Each unit of bff/ and its layer; a unit may import its own layer's units only where listed. */
export const LAYERS: { layer: number; units: string[] }[] = [
  { layer: 0, units: ['bff/errors.ts', 'bff/encoding.ts', 'bff/http'] },
  { layer: 1, units: ['bff/thumbtack', 'bff/secret-strength.ts', 'bff/config.ts'] },
  { layer: 2, units: ['bff/oauth'] },
  { layer: 3, units: ['bff/session'] },
  { layer: 4, units: ['bff/auth', 'bff/proxy', 'bff/live'] },
  { layer: 5, units: ['bff/app.ts'] },
  { layer: 6, units: ['bff/node.ts', 'bff/node', 'bff/worker.ts', 'bff/edge'] },
];
/** Same-layer imports that are part of the design (a configuration reads the environments). */
const SAME_LAYER_ALLOWED = new Set([
  'bff/errors.ts -> bff/http',
  'bff/http -> bff/errors.ts',
  'bff/http -> bff/encoding.ts',
  'bff/config.ts -> bff/thumbtack',
  'bff/config.ts -> bff/secret-strength.ts',
  'bff/node.ts -> bff/node',
  'bff/worker.ts -> bff/edge',
]);

export function unitOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] !== 'bff') return undefined;
  return parts.length > 2 ? `bff/${parts[1]}` : path;
}

export function layerOf(unit: string): number | undefined {
  return LAYERS.find((l) => l.units.includes(unit))?.layer;
}

/** The edges that break the layer order, as "from -> to" lines. */
export function layeringViolations(edges: ImportEdge[]): string[] {
  const violations: string[] = [];
  for (const edge of edges) {
    if (!edge.specifier.startsWith('.')) continue;
    const from = unitOf(edge.from);
    const to = unitOf(edge.to);
    if (!from || !to || from === to) continue;
    const [a, b] = [layerOf(from), layerOf(to)];
    if (a === undefined || b === undefined) {
      violations.push(`${edge.from} -> ${edge.to}: ${a === undefined ? from : to} has no layer`);
    } else if (b > a || (b === a && !SAME_LAYER_ALLOWED.has(`${from} -> ${to}`))) {
      violations.push(`${edge.from} -> ${edge.to}`);
    }
  }
  return violations;
}
