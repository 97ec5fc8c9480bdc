import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../support/free-port.ts';

/**
 * The console in mocked-network mode as a person starts it: `npm start`'s entry on Node or `npm run
 * edge`'s on workerd (wrangler dev), each as its own process on a free loopback port. `stop` sends
 * SIGTERM to it alone (by pid) and waits for it to exit, as a service manager would.
 */
export interface RunningConsole {
  runtime: 'node' | 'edge';
  origin: string;
  output(): string;
  stop(): Promise<void>;
}

const ENTRIES = { node: 'test/mocks/start.ts', edge: 'test/mocks/edge.ts' } as const;

export async function startConsole(
  runtime: 'node' | 'edge',
  env: Record<string, string> = {},
  timeoutMs = 90_000,
): Promise<RunningConsole> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const { NODE_ENV: _, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ENTRIES[runtime]], {
    env: { ...inherited, THUMBTACK_ENV: 'mock', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  while (!output.includes(`Open ${origin}`)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the ${runtime} console did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { runtime, origin, output: () => output, stop };
}
