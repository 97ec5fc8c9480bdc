import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';

// Every process the bench and the soak start goes through here, so none outlives them: each child is
// remembered by pid, stopped by pid (SIGTERM, then SIGKILL after a grace period), and killed outright
// if this process exits any other way (an exception, Ctrl+C). Children are spawned as `node …` directly:
// npm or npx in between would take the signals and could leave the real server running.

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ChildExit>;
  /** The last 64 KB of what it printed (stdout and stderr), for error messages and the soak's probe. */
  output(): string;
  alive(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves with how it ended. Idempotent. */
  stop(graceMs?: number): Promise<ChildExit>;
}

const OUTPUT_LIMIT = 64 * 1024;
const running = new Set<Child>();

export interface SpawnOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Opens an IPC channel (the soak's memory probe answers on it). */
  ipc?: boolean;
}

/** `node <args>` as a tracked child. */
export function spawnNode(name: string, args: string[], options: SpawnOptions = {}): Child {
  // BENCH_CPU_PROFILE=<dir> writes a CPU profile of every child (node --cpu-prof), to find where the
  // time goes before changing anything (docs/decisions/006-hot-path.md).
  const profileDir = process.env.BENCH_CPU_PROFILE;
  const profile = profileDir
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${profileDir}`,
        `--cpu-prof-name=${name.replace(/[^\w.-]+/g, '-')}.cpuprofile`,
      ]
    : [];
  const proc = spawn(process.execPath, [...profile, ...args], {
    cwd: options.cwd,
    env: options.env ?? { PATH: process.env.PATH ?? '' },
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  if (proc.pid === undefined) throw new Error(`${name}: could not start node`);
  const pid = proc.pid;
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  let exit: ChildExit | undefined;
  const exited = new Promise<ChildExit>((done) =>
    proc.once('exit', (code, signal) => {
      exit = { code, signal };
      done(exit);
    }),
  );
  let stopping: Promise<ChildExit> | undefined;
  const child: Child = {
    name,
    pid,
    process: proc,
    exited,
    output: () => output,
    alive: () => exit === undefined,
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        if (exit) return exit;
        signal(pid, 'SIGTERM');
        const timer = setTimeout(() => signal(pid, 'SIGKILL'), graceMs);
        const ended = await exited;
        clearTimeout(timer);
        return ended;
      })();
      return stopping;
    },
  };
  running.add(child);
  void exited.then(() => running.delete(child));
  return child;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** Stops every child still running, newest first (servers before what they depend on). */
export async function stopAll(graceMs = 5000): Promise<void> {
  await Promise.all([...running].reverse().map((child) => child.stop(graceMs)));
}

/** Children still running: 0 once a run has cleaned up after itself. */
export function runningChildren(): string[] {
  return [...running].map((child) => `${child.name} (pid ${child.pid})`);
}

let guarded = false;
/** Installs the last line of defence: on exit or a signal, no child is left behind. */
export function guardChildren(): void {
  if (guarded) return;
  guarded = true;
  process.on('exit', () => {
    for (const child of running) signal(child.pid, 'SIGKILL');
  });
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => {
      console.error(`\n${name}: stopping ${running.size} child process(es)`);
      void stopAll(2000).finally(() => process.exit(130));
    });
  }
}

/** One GET with a fresh connection; resolves to the status, or 0 when nothing answered. */
export function probeStatus(url: string, timeoutMs = 1000): Promise<number> {
  return new Promise((done) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(0));
    req.end();
  });
}

/** Polls `url` until it answers 200; fails early if `child` exits, with what it printed. */
export async function waitFor200(
  url: string,
  child: Child | undefined,
  { timeoutMs = 20_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await probeStatus(url)) === 200) return;
    if (child && !child.alive()) {
      throw new Error(`${child.name} exited before ${url} answered:\n${child.output()}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${url} did not answer 200 within ${timeoutMs} ms${child ? `:\n${child.output()}` : ''}`,
      );
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}
