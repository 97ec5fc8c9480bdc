import { formatDateTime } from '../../../lib/format';
import { customerName, locationLine, type Negotiation } from '../api/types';
import { LeadStatusPill } from './lead-status';

const TRAVEL_WORDS: Record<string, string> = {
  CustomerTravelToProvider: 'Customer comes to the pro',
  ProviderTravelToCustomer: 'Pro travels to the customer',
  Remote: 'Remote',
};

/** What the customer asked for and what the lead costs, in the order a pro reads it. */
export function LeadDetails({ lead }: { lead: Negotiation }) {
  const request = lead.request;
  const location = request?.location;
  const street = [location?.address1, location?.address2].filter(Boolean).join(', ');
  const times = request?.proposedTimes ?? [];

  return (
    <div className="card section lead-details">
      <div className="section__header">
        <h2>{request?.category?.name ?? 'Request'}</h2>
        <LeadStatusPill status={lead.status} />
      </div>
      {request?.description ? <p className="lead-details__description">{request.description}</p> : null}

      <dl className="detail-list">
        <dt>Customer</dt>
        <dd>{customerName(lead)}</dd>
        {lead.customer?.phone ? (
          <>
            <dt>Phone</dt>
            <dd>
              <a href={`tel:${lead.customer.phone}`}>{lead.customer.phone}</a>
            </dd>
          </>
        ) : null}
        <dt>Location</dt>
        <dd>{[street, locationLine(location)].filter(Boolean).join(', ') || '—'}</dd>
        {request?.travelPreferences?.length ? (
          <>
            <dt>Travel</dt>
            <dd>{request.travelPreferences.map((value) => TRAVEL_WORDS[value] ?? value).join(', ')}</dd>
          </>
        ) : null}
        <dt>Received</dt>
        <dd>{formatDateTime(lead.createdAt)}</dd>
        <dt>Proposed times</dt>
        <dd>
          {times.length === 0 ? (
            'None proposed'
          ) : (
            <ul className="plain-list">
              {times.map((time) => (
                <li key={time.start}>
                  {formatDateTime(time.start)}
                  {time.end ? ` – ${formatDateTime(time.end)}` : ''}
                </li>
              ))}
            </ul>
          )}
        </dd>
        {lead.estimate?.total ? (
          <>
            <dt>Estimate</dt>
            <dd>
              {lead.estimate.total}
              {lead.estimate.type ? <span className="muted"> ({estimateWords(lead.estimate)})</span> : null}
            </dd>
          </>
        ) : null}
        {lead.leadPrice ? (
          <>
            <dt>Lead price</dt>
            <dd>
              {lead.leadPrice}
              {lead.chargeState ? <span className="muted"> · {lead.chargeState}</span> : null}
            </dd>
          </>
        ) : null}
      </dl>

      {request?.details?.length ? (
        <div className="section">
          <h3>Details</h3>
          <ul className="qa">
            {request.details.map((detail) => (
              <li key={detail.question}>
                <p className="qa__question">{detail.question}</p>
                <p>{detail.answer}</p>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {request?.attachments?.length ? (
        <div className="section">
          <h3>Attachments</h3>
          <ul className="plain-list">
            {request.attachments.map((file) => (
              <li key={file.url}>
                <a href={file.url} target="_blank" rel="noreferrer noopener">
                  {file.fileName}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function estimateWords(estimate: NonNullable<Negotiation['estimate']>): string {
  switch (estimate.type) {
    case 'Fixed':
      return 'fixed price';
    case 'Hourly':
      return estimate.pricePerUnit ? `$${estimate.pricePerUnit.replace(/^\$/, '')} per hour` : 'hourly';
    case 'PerUnit':
      return estimate.unitName ? `per ${estimate.unitName}` : 'per unit';
    case 'OnSite':
      return 'after an on-site visit';
    default:
      return estimate.type ?? '';
  }
}
