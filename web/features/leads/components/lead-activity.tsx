import { BarChart } from '../../../components/bar-chart';
import { formatShortDate, plural } from '../../../lib/format';
import type { Negotiation } from '../api/types';
import { LEAD_STATUSES, statusLabel } from './lead-status';

const WEEKS = 8;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** Leads counted per week for the last eight weeks, oldest first, labelled by each week's start. */
export function leadsPerWeek(leads: Negotiation[], now = new Date()): { label: string; value: number }[] {
  const end = now.getTime();
  const start = end - WEEKS * WEEK_MS;
  const counts = Array.from({ length: WEEKS }, () => 0);
  for (const lead of leads) {
    const time = Date.parse(lead.createdAt);
    if (Number.isNaN(time) || time <= start || time > end) continue;
    const index = Math.min(WEEKS - 1, Math.floor((time - start) / WEEK_MS));
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts.map((value, index) => ({ label: formatShortDate(new Date(start + index * WEEK_MS)), value }));
}

export function LeadStatusStats({ leads }: { leads: Negotiation[] }) {
  return (
    <dl className="stat-row">
      <div className="stat">
        <dt className="stat__label">All leads</dt>
        <dd className="stat__value">{leads.length}</dd>
      </div>
      {LEAD_STATUSES.map((status) => (
        <div className="stat" key={status}>
          <dt className="stat__label">{statusLabel(status)}</dt>
          <dd className="stat__value">{leads.filter((lead) => lead.status === status).length}</dd>
        </div>
      ))}
    </dl>
  );
}

export function LeadsPerWeekChart({ leads }: { leads: Negotiation[] }) {
  const weeks = leadsPerWeek(leads);
  const total = weeks.reduce((sum, week) => sum + week.value, 0);
  return (
    <BarChart
      bars={weeks}
      title="Leads per week, last 8 weeks"
      summary={`${plural(total, 'lead')} in the last 8 weeks.`}
      valueLabel="Leads"
    />
  );
}
