import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { INITIAL_JS_BUDGET_BYTES } from '../../vite.config.ts';

const outDir = mkdtempSync(join(tmpdir(), 'console-build-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the production build', () => {
  it(`keeps the initial JavaScript within ${INITIAL_JS_BUDGET_BYTES / 1024} KB gzip, screens split by route`, async () => {
    // vitest runs with NODE_ENV=test, which would give React's development build; measure what ships.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ mode: 'production', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    const report = JSON.parse(readFileSync(join(outDir, 'initial-js.json'), 'utf8')) as {
      gzipBytes: number;
      files: { fileName: string }[];
    };
    console.info(`initial JavaScript: ${(report.gzipBytes / 1024).toFixed(1)} KB gzip`);
    expect(report.gzipBytes).toBeGreaterThan(10 * 1024);
    expect(report.gzipBytes).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script (strict CSP)
    // No screen's own module is in the first download: each is loaded when its route is visited.
    const screens = [
      'account',
      'find-pros',
      'lead',
      'leads',
      'messages',
      'request-form',
      'reviews',
      'webhooks',
    ];
    const initial = report.files.map((f) =>
      f.fileName.replace(/^assets\//, '').replace(/-[\w-]{8}\.js$/, ''),
    );
    const built = readdirSync(join(outDir, 'assets')).map((f) => f.replace(/-[\w-]{8}\.js$/, ''));
    for (const screen of screens) {
      expect(built, `${screen} is its own chunk`).toContain(screen);
      expect(initial, `${screen} is not downloaded up front`).not.toContain(screen);
    }
  }, 60_000);
});
