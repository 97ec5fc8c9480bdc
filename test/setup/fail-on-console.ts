import { afterEach } from 'vitest';

// Unexpected console errors and warnings fail the test that caused them: a warning is usually a bug
// (a React act() warning, an unhandled request) that would otherwise scroll past unseen.
// A test that expects one silences it with vi.spyOn(console, 'error').mockImplementation(() => {}).
const failures: string[] = [];
for (const level of ['error', 'warn'] as const) {
  const original = console[level];
  console[level] = (...args: unknown[]) => {
    failures.push(`console.${level}: ${args.map(String).join(' ')}`);
    original(...args);
  };
}
afterEach(() => {
  const found = failures.splice(0);
  if (found.length > 0) throw new Error(`Unexpected console output:\n${found.join('\n')}`);
});
