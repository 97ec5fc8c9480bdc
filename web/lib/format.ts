// Display formatting in one place, so every screen writes dates and counts the same way.

const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });
const shortDate = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });

function parse(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function formatDateTime(value: string | undefined): string {
  const date = parse(value);
  return date ? dateTime.format(date) : '—';
}

export function formatDate(value: string | undefined): string {
  const date = parse(value);
  return date ? dateOnly.format(date) : '—';
}

export function formatShortDate(value: Date): string {
  return shortDate.format(value);
}

/** A North American E.164 number as people write it, "+1 (512) 555-0147"; any other as given. */
export function formatPhoneNumber(e164: string): string {
  const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return match ? `+1 (${match[1]}) ${match[2]}-${match[3]}` : e164;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '');
  return letters.join('') || '?';
}
