import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Initial JavaScript budget (gzip): what a first visit downloads before any screen's own code. */
export const INITIAL_JS_BUDGET_BYTES = 150 * 1024;

/**
 * Reports the initial JavaScript: the entry chunk and everything it imports statically, gzipped.
 * Screens are split by route (dynamic imports) and do not count. The numbers go to the build log
 * and to initial-js.json beside the build, which test/build/bundle-budget.test.ts checks.
 */
function initialJsReport(): Plugin {
  return {
    name: 'initial-js-report',
    apply: 'build',
    generateBundle(_, bundle) {
      const chunks = new Map(
        Object.values(bundle).flatMap((item) =>
          item.type === 'chunk' ? [[item.fileName, item] as const] : [],
        ),
      );
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        if (initial.has(fileName)) return;
        initial.add(fileName);
        for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
      };
      for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
      const files = [...initial].map((fileName) => ({
        fileName,
        gzipBytes: gzipSync(chunks.get(fileName)?.code ?? '').length,
      }));
      const gzipBytes = files.reduce((sum, f) => sum + f.gzipBytes, 0);
      const report = { gzipBytes, budgetBytes: INITIAL_JS_BUDGET_BYTES, files };
      this.emitFile({
        type: 'asset',
        fileName: 'initial-js.json',
        source: `${JSON.stringify(report, null, 2)}\n`,
      });
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const verdict = gzipBytes <= INITIAL_JS_BUDGET_BYTES ? 'within' : 'OVER';
      this.info(
        `initial JavaScript: ${kb(gzipBytes)} gzip, ${verdict} the ${kb(INITIAL_JS_BUDGET_BYTES)} budget`,
      );
    },
  };
}

// The SPA is built into dist/web and served by the BFF on the same origin. web/public/ is copied into
// the build as is: its `_headers` gives the assets their security headers on Cloudflare Workers.
export default defineConfig({
  plugins: [react(), initialJsReport()],
  publicDir: 'web/public',
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    sourcemap: false,
  },
});
