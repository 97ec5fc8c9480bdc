// Shapes the fake stores and returns. They follow docs/thumbtack/api.md and docs/thumbtack/webhooks.md field for field, so the
// BFF and the SPA can type their parsers against the same names the fake emits.

export type Side = 'supply' | 'demand';

export interface FakeStats {
  token: { authorization_code: number; refresh_token: number; client_credentials: number };
  api: number;
}

export interface FaultRule {
  /** Fail matching requests with this HTTP status, in Thumbtack's error shape. */
  status?: number;
  /** Delay matching requests by this many milliseconds. */
  latencyMs?: number;
  /** How many requests the fault hits; absent: until cleared. */
  times?: number;
}

export interface FaultSpec {
  token?: FaultRule;
  api?: FaultRule;
}

export type WebhookAuthType = 'None' | 'Basic' | 'CustomHeader';

export interface WebhookDelivery {
  deliveryID: string;
  webhookID: string;
  url: string;
  eventType: string;
  authType: WebhookAuthType;
  /** Headers as sent, with the secret parts (password, custom header value) replaced by "[redacted]". */
  headers: Record<string, string>;
  body: WebhookEnvelope;
  /** Receiver's HTTP status; null when the delivery failed before a response. */
  status: number | null;
  ok: boolean;
  error?: string;
  attemptedAt: string;
}

export interface WebhookEnvelope {
  event: { eventType: string; description: string; webhookID: string; triggeredAt: string };
  data: unknown;
}

export interface MoneyBreakdown {
  subtotal: string;
  salesTax: string;
}

export interface CategoryRef {
  categoryID: string;
  name: string;
}

export interface Location {
  address1: string;
  address2: string;
  city: string;
  state: string;
  zipCode: string;
}

export interface Attachment {
  fileName: string;
  fileSize: number;
  mimeType: string;
  url: string;
  description: string;
}

/** GET /v4/users/self. `phoneNumber` (E.164) is the fake's addition, see docs/decisions/042-fake-api-gaps.md. */
export interface UserSelfV4 {
  userID: string;
  email: string;
  firstName: string;
  lastName: string;
  /** Only when the user has one, e.g. "+14155550123". */
  phoneNumber?: string;
}

export interface RequestV4 {
  requestID: string;
  customerID: string;
  contactedBusinesses: {
    businessID: string;
    name: string;
    imageURL: string;
    phoneNumber: string;
    negotiationID: string;
  }[];
  description: string;
  category: CategoryRef;
  proposedTimes: { start: string; end: string }[];
  location: Location;
  travelPreferences: ('CustomerTravelToProvider' | 'ProviderTravelToCustomer' | 'Remote')[];
  details: { question: string; answer: string }[];
  attachments: Attachment[];
}

export type NegotiationStatus = 'Open' | 'Canceled' | 'Picked';
export type ChargeState = 'Created' | 'Pending' | 'Charged' | 'Refunded';
export type EstimateType = 'Fixed' | 'PerUnit' | 'OnSite' | 'Hourly' | 'MoreInfo';

export interface NegotiationV4 {
  negotiationID: string;
  createdAt: string;
  status: NegotiationStatus;
  chargeState: ChargeState;
  leadPrice: string;
  leadPriceBreakdown: MoneyBreakdown;
  requestReviewLink: string;
  refundRequestLink: string;
  customer: { customerID: string; firstName: string; lastName: string; phone: string };
  business: { businessID: string; name: string; imageURL: string; phoneNumber?: string };
  request: RequestV4;
  estimate: {
    type: EstimateType;
    pricePerUnit: string;
    unitQuantity: number;
    unitName: string;
    total: string;
  };
}

export interface MessageV4 {
  messageID: string;
  negotiationID: string;
  from: 'Customer' | 'Business';
  customer?: { customerID: string; displayName: string };
  business?: { businessID: string; displayName: string };
  text: string;
  attachments: Attachment[];
  sentAt: string;
}

export interface ReviewV4 {
  reviewID: string;
  reviewText: string;
  rating: number;
  createTime: string;
  reviewerName: string;
  responseText?: string;
  responseTime?: string;
  negotiationID: string;
  categoryID: string;
  images: { imageID: string; imageURL: string; caption: string }[];
}

export interface PhoneNumberV4 {
  phoneNumberID: string;
  businessID: string;
  phoneNumber: string;
  createdTime: string;
  updatedTime: string;
  lastActivityTime: string;
  isDeleted: boolean;
  name: string;
}

export type JobStatus =
  | 'not_scheduled'
  | 'appt_scheduled'
  | 'job_complete'
  | 'invoice_paid'
  | 'customer_cancel'
  | 'pro_cancel';

export type WebhookAuth =
  | { type: 'None' }
  | { type: 'Basic'; username: string; password: string }
  | { type: 'CustomHeader'; header: string; value: string };

export interface WebhookRecord {
  webhookID: string;
  webhookURL: string;
  enabled: boolean;
  eventTypes: string[];
  auth: WebhookAuth;
  owner: { kind: 'business'; businessID: string } | { kind: 'user'; userID: string };
  /** The OAuth client that created it: disconnect deletes that client's webhooks only. */
  clientID: string;
}
