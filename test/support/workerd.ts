import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

/**
 * Bundles a worker entry for the Workers platform (esbuild, worker/browser conditions, no node:*)
 * and runs it in workerd through Miniflare. `open` starts another workerd on the same bundle with
 * other bindings; `close` disposes of them all and removes the bundle.
 */
export async function startWorker(entry: string, bindings: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'console-worker-'));
  const scriptPath = join(dir, 'worker.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['worker', 'browser'],
    outfile: scriptPath,
    logLevel: 'silent',
  });
  const started: Miniflare[] = [];
  const open = async (with_: Record<string, string>) => {
    const mf = new Miniflare({
      modules: true,
      modulesRoot: dir,
      scriptPath,
      compatibilityDate: '2026-04-01',
      compatibilityFlags: ['nodejs_compat'],
      bindings: with_,
    });
    started.push(mf);
    await mf.ready;
    return mf;
  };
  const mf = await open(bindings);
  return {
    mf,
    open,
    async close() {
      await Promise.all(started.map((m) => m.dispose()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
