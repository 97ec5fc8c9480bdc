import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './free-port.ts';

/**
 * A private redis-server for one test file: a free port of its own (never a shared or fixed one), no
 * persistence, run as a child process (not daemonized) so the test holds its pid and kills it in
 * afterAll. `kill()` simulates an outage; `start()` again brings Redis back on the same port.
 * `npm test` (test/run-all.sh) provisions redis-server; run alone, a missing binary is a clear error.
 */
export const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** (Re)starts the server on its port and resolves once it answers PING. */
  start(): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash or a network cut would look. */
  kill(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open but nothing answers, as a hung Redis. */
  pause(): void;
  /** Unfreezes a paused server (SIGCONT). */
  resume(): void;
  /** Stops the server for good (afterAll). */
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  assertRedisServerInstalled();
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    if (child) return;
    output = '';
    const started = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--daemonize',
        'no',
        '--save',
        '',
        '--appendonly',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child = started;
    started.once('exit', () => {
      if (child === started) child = undefined;
    });
    await waitForPing(
      port,
      () => child === started,
      () => output,
    );
  };

  const kill = async () => {
    const running = child;
    if (!running) return;
    child = undefined;
    await new Promise<void>((done) => {
      if (running.exitCode !== null || running.signalCode !== null) return done();
      running.once('exit', () => done());
      running.kill('SIGKILL');
    });
  };

  // A crashed test process must not leave a redis-server behind.
  process.once('exit', () => child?.kill('SIGKILL'));
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    kill,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    stop: async () => {
      child?.kill('SIGCONT');
      await kill();
    },
  };
}

function assertRedisServerInstalled(): void {
  const probe = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `redis-server is needed for the Redis session-store tests and was not found (${REDIS_SERVER}). ` +
        'Install it (Debian/Ubuntu: sudo apt-get install -y redis-server), or run `npm test`, which ' +
        'provisions it, or point REDIS_SERVER at a redis-server binary.',
    );
  }
}

async function waitForPing(port: number, alive: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`redis-server on port ${port} exited:\n${output()}`);
    if (await ping(port)) return;
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error(`redis-server on port ${port} did not answer within 10 s:\n${output()}`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}
