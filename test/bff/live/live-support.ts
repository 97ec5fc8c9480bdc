import { WebhookAuthority } from '../../../bff/live/webhook-credentials.ts';
import { buildWorld } from '../../mocks/thumbtack/demo-data.ts';
import { DEMO_ACCOUNTS } from '../../mocks/thumbtack/index.ts';
import type { Harness } from '../../support/console-harness.ts';

export const [ORTIZ, EVERGREEN] = DEMO_ACCOUNTS.pro.businessIDs;
/** A business of another pro of the demo world: the signed-in pro must never see its events. */
export const OTHER_BUSINESS = (() => {
  const world = buildWorld(0);
  const other = [...world.businesses.values()].find((b) => b.ownerUserID !== DEMO_ACCOUNTS.pro.userID);
  if (!other) throw new Error('the demo world has no other pro');
  return other.businessID;
})();

/** The Basic header Thumbtack would send for a business, with the console's WEBHOOK_SECRET. */
export async function basicFor(h: Harness, businessID: string): Promise<string> {
  const { username, password } = await new WebhookAuthority(h.config.webhookSecret as string).credentialsFor(
    businessID,
  );
  return `Basic ${btoa(`${username}:${password}`)}`;
}

let next = 5000;
const newId = () => `59029930${String(next++).padStart(10, '0')}`;

export function leadEnvelope(businessID: string, negotiationID = newId()) {
  return {
    event: {
      eventType: 'NegotiationCreatedV4',
      description: '',
      webhookID: '590298304139583503',
      triggeredAt: '2026-09-15T04:02:29Z',
    },
    data: {
      negotiationID,
      status: 'Open',
      createdAt: '2026-09-15T04:02:24Z',
      business: { businessID, name: 'Griffis Property Group' },
      customer: {
        customerID: '590299344770162703',
        firstName: 'Dana',
        lastName: 'Reyes',
        phone: '5615550142',
      },
      request: { requestID: '590299344772112393', description: 'Need a sectional gone' },
    },
  };
}

/** A message delivery names no business: whose it is comes from the credentials it arrives with. */
export function messageEnvelope(_businessID: string, negotiationID: string, messageID = newId()) {
  return {
    event: {
      eventType: 'MessageCreatedV4',
      description: '',
      webhookID: '590298304139583503',
      triggeredAt: '2026-09-15T04:02:20Z',
    },
    data: {
      messageID,
      negotiationID,
      from: 'Customer',
      customer: { customerID: '590299344770162703', displayName: 'Dana R.' },
      text: 'Lead Description: Need a sectional gone',
      attachments: [],
      sentAt: '2026-09-15T04:02:20Z',
    },
  };
}

export function reviewEnvelope(reviewID = newId()) {
  return {
    event: {
      eventType: 'ReviewCreatedV4',
      description: '',
      webhookID: '590298304139583503',
      triggeredAt: '2026-09-15T05:00:00Z',
    },
    data: {
      reviewID,
      rating: 5,
      reviewText: 'Great work',
      reviewerName: 'Dana R.',
      createTime: '2026-09-15T05:00:00Z',
    },
  };
}

/** Posts a delivery to the console as Thumbtack would. */
export function deliver(
  h: Harness,
  body: unknown,
  authorization: string | undefined,
  init: RequestInit = {},
) {
  const headers = new Headers({ 'Content-Type': 'application/json', 'User-Agent': 'Thumbtack-Webhooks/1.0' });
  if (authorization) headers.set('Authorization', authorization);
  return h.app.request('http://localhost/webhooks/thumbtack', {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}
