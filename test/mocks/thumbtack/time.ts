// Thumbtack renders times as RFC 3339 UTC with second precision and a literal Z (docs/thumbtack/api.md#timestamps).

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function toRfc3339(ms: number): string {
  return new Date(Math.floor(ms / SECOND) * SECOND).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Accepts only the RFC 3339 forms Thumbtack documents (UTC, optional fraction); returns ms or null. */
export function parseRfc3339(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}
