import type { Negotiation } from '../api/types';

// Thumbtack's lead statuses in the pro's words.
const STATUS_WORDS: Record<string, { label: string; tone: string }> = {
  Open: { label: 'Open', tone: 'open' },
  Picked: { label: 'Hired', tone: 'picked' },
  Canceled: { label: 'Canceled', tone: 'canceled' },
};

export const LEAD_STATUSES = ['Open', 'Picked', 'Canceled'] as const;

export function statusLabel(status: string): string {
  return STATUS_WORDS[status]?.label ?? status;
}

export function LeadStatusPill({ status }: { status: Negotiation['status'] }) {
  const words = STATUS_WORDS[status];
  return <span className={`pill pill--${words?.tone ?? 'neutral'}`}>{words?.label ?? status}</span>;
}
