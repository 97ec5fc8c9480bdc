// Preloaded into the BFF by the soak test (`node --expose-gc --import <this file> dist/server/node.js`),
// so the soak can see inside the server without changing its code:
//
// - It answers IPC messages with process.memoryUsage(), after a full GC when the process was started
//   with --expose-gc: the heap that is still live, so the saw-tooth of garbage between collections is
//   not mistaken for growth (or for its absence).
// - It checks "no open handles" instead of assuming it. The server ends with process.exit(code) once
//   its drain is done, which would hide anything still open; the probe lets that call stand for up to
//   EXIT_GRACE_MS while the event loop empties by itself. If it does, nothing was left open; if not,
//   it reports what still keeps the loop alive (beyond what the process had when it started: its own
//   stdio and IPC pipes), then exits with the server's code. Either way it writes one line to stderr.
import { writeSync } from 'node:fs';

const EXIT_GRACE_MS = 2000;
const baseline = process.getActiveResourcesInfo();

if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (message?.type !== 'memory') return;
    if (typeof globalThis.gc === 'function') globalThis.gc();
    process.send?.({ type: 'memory', id: message.id, ...process.memoryUsage() });
  });
  // The channel must not keep the server alive: after SIGTERM it has to exit on its own.
  process.channel?.unref();
}

/** `after` minus `before`, counting duplicates (several sockets are several "TCPSocketWrap"). */
function beyond(before, after) {
  const left = [...before];
  return after.filter((name) => {
    const i = left.indexOf(name);
    if (i === -1) return true;
    left.splice(i, 1);
    return false;
  });
}

let reported = false;
function report(line) {
  if (reported) return;
  reported = true;
  // Synchronous: at 'exit' nothing asynchronous runs any more.
  writeSync(2, `bench-probe-exit ${JSON.stringify(line)}\n`);
}

const realExit = process.exit.bind(process);
let requested;
process.exit = (code) => {
  if (requested !== undefined) return realExit(code ?? requested);
  requested = { code: code ?? process.exitCode ?? 0, at: Date.now() };
  process.exitCode = requested.code;
  const timer = setTimeout(() => {
    report({
      code: requested.code,
      exitRequestedAt: requested.at,
      loopEmptied: false,
      activeResources: beyond(baseline, process.getActiveResourcesInfo()),
    });
    realExit(requested.code);
  }, EXIT_GRACE_MS);
  // The grace timer itself must not be what keeps the process alive.
  timer.unref();
};

process.on('exit', (code) => {
  report(
    requested === undefined
      ? { code, loopEmptied: true, activeResources: [] }
      : { code, exitRequestedAt: requested.at, loopEmptied: true, activeResources: [] },
  );
});
