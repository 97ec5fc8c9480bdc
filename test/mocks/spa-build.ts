import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time under the SPA's sources, to rebuild only when something changed. */
function newestSource(): number {
  let newest = 0;
  const visit = (path: string) => {
    const info = statSync(path);
    if (info.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else newest = Math.max(newest, info.mtimeMs);
  };
  for (const path of ['web', 'index.html', 'vite.config.ts', 'package-lock.json']) {
    if (existsSync(path)) visit(path);
  }
  return newest;
}

/**
 * Builds the SPA (vite.config.ts: into dist/web) when `outDir` has none or it is older than its sources,
 * as `npm start` does.
 */
export async function buildSpaIfStale(outDir: string): Promise<void> {
  const built = join(outDir, 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) return;
  console.error('Building the web app (first start, or sources changed)…');
  const { build } = await import('vite');
  await build({ logLevel: 'warn' });
}
