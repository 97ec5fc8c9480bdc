/**
 * Turns the signals a service manager, a container runtime or a terminal sends into one graceful
 * shutdown. The signal may reach us directly, relayed by a wrapper, or with our whole process group
 * (systemd, Ctrl+C), so it often arrives more than once: the first starts the drain and every later one
 * is ignored. With the default handler a second SIGTERM would kill the process mid-drain.
 *
 * `watchParent`: when started under a wrapper (`npm start`, which runs through npm and tsx), the
 * wrapper may be stopped without passing the signal on, leaving this process orphaned and serving.
 * Then losing the parent starts the same shutdown.
 */
export interface ShutdownOptions {
  log: (line: Record<string, unknown>) => void;
  watchParent?: boolean;
  /** Exit code once the drain is done (the default exits the process). */
  exit?: (code: number) => void;
}

export function shutdownOnSignals(shutdown: () => Promise<void>, options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let started = false;
  const begin = (reason: string) => {
    if (started) {
      options.log({ level: 'info', msg: 'shutdown already under way; signal ignored', reason });
      return;
    }
    started = true;
    options.log({ level: 'info', msg: 'shutting down: draining requests in flight', reason });
    shutdown().then(
      () => exit(0),
      (error: unknown) => {
        options.log({
          level: 'error',
          msg: 'shutdown failed',
          cause: error instanceof Error ? error.message : String(error),
        });
        exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => begin(signal));
  if (options.watchParent) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) begin('parent process exited');
    }, 1000).unref();
  }
}
