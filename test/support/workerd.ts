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
export interface WorkerRunOptions {
  /** Durable Object bindings: binding name -> class exported by the entry. */
  durableObjects?: Record<string, string>;
  /** Workers Analytics Engine datasets: binding name -> dataset (Miniflare accepts the points, keeps none). */
  analyticsEngineDatasets?: Record<string, string>;
}

/** Bundles a worker entry as the Workers platform runs it: ESM, worker/browser conditions, no node:*. */
export async function bundleWorker(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['worker', 'browser'],
    outfile,
    logLevel: 'silent',
  });
}

export async function startWorker(
  entry: string,
  bindings: Record<string, string> = {},
  options: WorkerRunOptions = {},
) {
  const dir = await mkdtemp(join(tmpdir(), 'console-worker-'));
  const scriptPath = join(dir, 'worker.mjs');
  await bundleWorker(entry, scriptPath);
  const started: Miniflare[] = [];
  const open = async (with_: Record<string, string>, run: WorkerRunOptions = options) => {
    const mf = new Miniflare({
      modules: true,
      modulesRoot: dir,
      scriptPath,
      compatibilityDate: '2026-04-01',
      compatibilityFlags: ['nodejs_compat'],
      bindings: with_,
      ...(run.durableObjects ? { durableObjects: run.durableObjects } : {}),
      ...(run.analyticsEngineDatasets
        ? {
            analyticsEngineDatasets: Object.fromEntries(
              Object.entries(run.analyticsEngineDatasets).map(([binding, dataset]) => [binding, { dataset }]),
            ),
          }
        : {}),
    });
    started.push(mf);
    await mf.ready;
    return mf;
  };
  const mf = await open(bindings);
  return {
    mf,
    open,
    /** The bundle, for a Miniflare of several workers built by the test itself. */
    scriptPath,
    async close() {
      await Promise.all(started.map((m) => m.dispose()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
