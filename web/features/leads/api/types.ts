// NegotiationV4, as docs/thumbtack/api.md#negotiationv4 describes it (the webhook `data` and the GET response).
// Fields the docs mark optional or uncertain are optional here, and screens render without them. Written
// by hand, and kept honest by test/contract/spa-fake-types.ts: every field here must exist in the fake's
// NegotiationV4 with a compatible type, or the typecheck fails.

export type NegotiationStatus = 'Open' | 'Canceled' | 'Picked';

export type Money = string;

export type Negotiation = {
  negotiationID: string;
  createdAt: string;
  status: NegotiationStatus | string;
  chargeState?: 'Created' | 'Pending' | 'Charged' | 'Refunded' | string;
  leadPrice?: Money;
  leadPriceBreakdown?: { subtotal?: Money; salesTax?: Money };
  customer?: { customerID: string; firstName?: string; lastName?: string; phone?: string };
  business?: { businessID: string; name?: string; imageURL?: string; phoneNumber?: string };
  request?: {
    requestID?: string;
    description?: string;
    category?: { categoryID: string; name: string };
    proposedTimes?: { start: string; end?: string }[];
    location?: { address1?: string; address2?: string; city?: string; state?: string; zipCode?: string };
    travelPreferences?: string[];
    details?: { question: string; answer: string }[];
    attachments?: { fileName: string; url: string; mimeType?: string; description?: string }[];
    contactedBusinesses?: { businessID: string; name?: string; imageURL?: string; negotiationID?: string }[];
  };
  estimate?: {
    type?: string;
    pricePerUnit?: string;
    unitQuantity?: number;
    unitName?: string;
    total?: Money;
  };
};

export type Page<T> = { data: T[]; pagination?: { limit?: number; offset?: number; next?: string } };

export function customerName(negotiation: Negotiation): string {
  const first = negotiation.customer?.firstName ?? '';
  const last = negotiation.customer?.lastName ?? '';
  return `${first} ${last}`.trim() || 'Customer';
}

export function locationLine(location: NonNullable<Negotiation['request']>['location']): string {
  if (!location) return '';
  const place = [location.city, location.state].filter(Boolean).join(', ');
  return [place, location.zipCode].filter(Boolean).join(' ');
}
