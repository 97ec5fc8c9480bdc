import autocannon from 'autocannon';
import type { Child } from './processes.ts';

/** `seconds` of GET load on one URL from `connections` connections (autocannon, in this process). */
export function load(
  target: { url: string; headers: Record<string, string> },
  options: { connections: number },
  seconds: number,
) {
  return autocannon({
    url: target.url,
    connections: options.connections,
    duration: seconds,
    headers: target.headers,
    // Fixed per request: autocannon should not add work of its own that differs between targets.
    timeout: 10,
  });
}

/** Stops the bench with the dead process's output when any of `children` exited under load. */
export function ensureAlive(children: Child[]): void {
  for (const child of children) {
    if (!child.alive()) throw new Error(`${child.name} died during the benchmark:\n${child.output()}`);
  }
}
