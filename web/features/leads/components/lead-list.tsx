import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/empty-state';
import { Field } from '../../../components/field';
import { formatDate, plural } from '../../../lib/format';
import { paths } from '../../../lib/paths';
import { customerName, locationLine, type Negotiation } from '../api/types';
import { LEAD_STATUSES, LeadStatusPill, statusLabel } from './lead-status';

/** Words a lead can be found by: the customer, the job, the place. */
function searchableText(lead: Negotiation): string {
  return [
    customerName(lead),
    lead.request?.category?.name,
    lead.request?.description,
    locationLine(lead.request?.location),
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

const NO_UNREAD: ReadonlyMap<string, number> = new Map();

export function LeadList({
  leads,
  unread = NO_UNREAD,
}: {
  leads: Negotiation[];
  /** Per lead, messages that arrived live and have not been read yet. */
  unread?: ReadonlyMap<string, number>;
}) {
  const [status, setStatus] = useState<string>('all');
  const [query, setQuery] = useState('');

  const visible = useMemo(() => {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return leads.filter(
      (lead) =>
        (status === 'all' || lead.status === status) &&
        words.every((word) => searchableText(lead).includes(word)),
    );
  }, [leads, status, query]);

  if (leads.length === 0) {
    return (
      <EmptyState title="No leads yet">
        When a customer contacts this business on Thumbtack, the lead appears here.
      </EmptyState>
    );
  }

  return (
    <div className="section">
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is too new for some browsers and test DOMs; the role says the same. */}
      <div className="toolbar" role="search" aria-label="Filter leads">
        <Field label="Search leads">
          {(control) => (
            <input
              {...control}
              className="input"
              type="search"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder="Customer, job or place"
            />
          )}
        </Field>
        <Field label="Status">
          {(control) => (
            <select
              {...control}
              className="select"
              value={status}
              onChange={(event) => setStatus(event.target.value)}
            >
              <option value="all">All statuses</option>
              {LEAD_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {statusLabel(value)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <p className="muted" role="status" aria-live="polite">
        Showing {plural(visible.length, 'lead')} of {leads.length}
      </p>
      {visible.length === 0 ? (
        <EmptyState title="No leads match">Try another word or status.</EmptyState>
      ) : (
        <ul className="inbox" aria-label="Leads">
          {visible.map((lead) => (
            <li key={lead.negotiationID} className="inbox__item">
              <Link
                className={
                  unread.has(lead.negotiationID)
                    ? 'inbox__link inbox__link--lead inbox__link--unread'
                    : 'inbox__link inbox__link--lead'
                }
                to={paths.lead.href(lead.negotiationID)}
              >
                <LeadStatusPill status={lead.status} />
                <span>
                  <span className="inbox__title">
                    {customerName(lead)} · {lead.request?.category?.name ?? 'Request'}
                  </span>
                  <span className="inbox__meta">
                    {[locationLine(lead.request?.location), lead.request?.description]
                      .filter(Boolean)
                      .join(' — ')}
                  </span>
                </span>
                <span className="inbox__side">
                  <time dateTime={lead.createdAt}>{formatDate(lead.createdAt)}</time>
                  {lead.leadPrice ? <span>{lead.leadPrice}</span> : null}
                  <UnreadMark count={unread.get(lead.negotiationID) ?? 0} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** New messages on a lead, since it was last opened. */
function UnreadMark({ count }: { count: number }) {
  if (count <= 0) return null;
  return <span className="unread-mark">{count === 1 ? 'New message' : `${count} new messages`}</span>;
}
