export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogEntry = { level: LogLevel; msg: string } & Record<string, unknown>;
export interface Log {
  (entry: LogEntry): void;
  /** Whether a line of this level would be written: lets a caller skip building it at all. */
  enabled(level: LogLevel): boolean;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Longest string value a log line keeps. Whatever a client can make us log (a path, a header) is
 * bounded, so no request can blow up a line or flood the log store.
 */
export const MAX_LOGGED_VALUE = 256;

/**
 * Structured log lines (one JSON object per line) with a request id. Callers pass only what is safe:
 * route patterns, statuses, codes, timings. Never a token, code, cookie or secret; the proxy and auth
 * tests scan every line for the tokens they saw.
 */
export function createLogger(level: LogLevel, sink: (line: string) => void): Log {
  const log = (entry: LogEntry) => {
    if (RANK[entry.level] < RANK[level]) return;
    sink(JSON.stringify({ time: new Date().toISOString(), ...entry }, boundStrings));
  };
  return Object.assign(log, { enabled: (wanted: LogLevel) => RANK[wanted] >= RANK[level] });
}

function boundStrings(_key: string, value: unknown): unknown {
  if (typeof value !== 'string' || value.length <= MAX_LOGGED_VALUE) return value;
  return `${value.slice(0, MAX_LOGGED_VALUE)}…(+${value.length - MAX_LOGGED_VALUE} chars)`;
}
