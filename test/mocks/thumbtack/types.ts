// Shapes the fake stores and returns. They follow docs/thumbtack/api.md and docs/thumbtack/webhooks.md field for field, so the
// BFF and the SPA can type their parsers against the same names the fake emits. The SPA's own types
// (web/features/<area>/api/) are held to these by test/contract/spa-fake-types.ts: a field the SPA reads
// must be here, with a compatible type, or the typecheck fails.

export type Side = 'supply' | 'demand';

export interface FakeStats {
  token: { authorization_code: number; refresh_token: number; client_credentials: number };
  api: number;
}

export interface FaultRule {
  /**
   * Fail matching requests with this HTTP status, in Thumbtack's error shape; a list: each hit picks one
   * of them (the fake's fault random source), e.g. `[500, 503]`.
   */
  status?: number | number[];
  /** Delay matching requests by this many milliseconds. */
  latencyMs?: number;
  /** How many requests the fault hits; absent: until cleared. */
  times?: number;
  /**
   * The share of requests the rule hits, 0..1, drawn from the fake's fault random source (seeded, so a
   * run repeats); absent: every request.
   */
  rate?: number;
}

/**
 * One rule, or a list of them: for each request the rules are tried in order and the first that fires
 * applies (`[{"status":[500,503],"rate":0.1},{"latencyMs":3000,"rate":0.01}]`).
 */
export type FaultRules = FaultRule | FaultRule[];

export interface FaultSpec {
  token?: FaultRules;
  api?: FaultRules;
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

/**
 * `control.simulate` and `POST {controlBase}/simulate`: new customer activity, delivered as it would
 * arrive, optionally as messily as Thumbtack delivers it (docs/thumbtack/webhooks.md#early-messages-and-double-deliveries).
 */
export type SimulateInput = {
  businessID: string;
  /** Deliver every event of this simulation twice to each webhook: the same body, one after the other. */
  duplicate?: boolean;
  /**
   * First give each enabled API webhook of the business a "self-serve" twin (same URL, auth and event
   * types, its own webhookID; kept until reset, hidden from the partner API), so events reach the
   * receiver through both.
   */
  alsoSelfServe?: boolean;
} & (
  | {
      /** A new lead from a new customer. */
      event: 'negotiation';
      /**
       * Also post the "Lead Description" message (the request's description, from the customer) to the
       * new lead's thread, and deliver its MessageCreatedV4 before the NegotiationCreatedV4.
       */
      messageFirst?: boolean;
    }
  /** A customer message on the business's latest open lead. */
  | { event: 'message' }
  /** A new review of the business, newest in its list. */
  | { event: 'review' }
);

interface SimulationOutcome {
  /** Every attempt made, in delivery order, with its outcome (as `control.deliveries()` records it). */
  deliveries: WebhookDelivery[];
  /** With `alsoSelfServe`: the self-serve twins the deliveries went through too. */
  selfServeWebhookIDs?: string[];
}

export type SimulationResult =
  | (SimulationOutcome & {
      event: 'negotiation';
      negotiation: NegotiationV4;
      /** With `messageFirst`: the "Lead Description" message, delivered before the lead. */
      message?: MessageV4;
    })
  | (SimulationOutcome & { event: 'message'; message: MessageV4 })
  | (SimulationOutcome & { event: 'review'; review: ReviewV4 });

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
  /**
   * The OAuth client that created it: disconnect deletes that client's webhooks only. Null for a webhook
   * the pro made in Thumbtack's self-serve screen (no client involved).
   */
  clientID: string | null;
  /**
   * Set on a self-serve webhook made by `simulate` with `alsoSelfServe`: the API webhook it copies.
   * Self-serve webhooks receive deliveries but the partner API neither lists nor changes them.
   */
  selfServeOf?: string;
}

// The answers and request bodies below are built inline by the handlers in api/; these types name them
// so the SPA's own types can be checked against the fake's (test/contract/spa-fake-types.ts). Where a
// handler's builder is exported (businessSummary, webhookView) that check also holds the builder to
// the type here.

/** A business as GET /v4/businesses lists it (docs/thumbtack/api.md#businesses). */
export interface BusinessV4 {
  businessID: string;
  name: string;
  imageURL: string;
}

export interface BusinessListV4 {
  data: BusinessV4[];
  pagination: { limit: number };
}

/** A business's leads and reviews: `?limit&offset`, `next` absolute (docs/thumbtack/api.md#pagination). */
export interface OffsetPageV4<T> {
  data: T[];
  pagination: { limit: number; offset: number; next?: string };
}

/** Newest first (docs/thumbtack/api.md#listing-messages). */
export interface MessageListV4 {
  data: MessageV4[];
  pagination: { limit: number };
}

export interface PhoneNumberListV4 {
  phoneNumbers: PhoneNumberV4[];
}

/** A webhook as the API shows it: `authType`, not the secret (docs/thumbtack/webhooks.md#webhook-object). */
export type WebhookV4 = {
  webhookID: string;
  webhookURL: string;
  enabled: boolean;
  authType: WebhookAuthType;
  eventTypes: string[];
} & ({ businessID: string } | { userID: string });

export interface WebhookListV4 {
  data: WebhookV4[];
}

/** docs/thumbtack/api.md#keywords */
export interface KeywordV4 {
  keywordID: string;
  name: string;
}

export interface KeywordListV4 {
  data: KeywordV4[];
}

/** One result of POST /v4/businesses/search (docs/thumbtack/api.md#business-search). */
export interface ProSearchResultV4 {
  businessID: string;
  businessName: string;
  businessIntroduction: string;
  businessLocation: string;
  businessImageURL: string;
  rating: number;
  numberOfReviews: number;
  featuredReview: string;
  yearsInBusiness: number;
  numberOfHires: number;
  responseTimeHours: number;
  isTopPro: boolean;
  isBackgroundChecked: boolean;
  /** `startingCost` as a money string, "$120.00". */
  quote: { startingCost: string; costUnit: string };
  servicePageURL: string;
  pills: string[];
  widgets: { requestFlowURL: string; servicePageURL: string };
  /**
   * Never sent by the fake, whose results name their category only in `widgets.requestFlowURL`; the
   * console reads it before that link if Thumbtack sends it
   * (docs/decisions/061-spa-marketplace-and-storage.md).
   */
  categoryID?: string;
}

export interface BusinessSearchV4 {
  searchID: string;
  data: ProSearchResultV4[];
}

/** GET /v4/categories/recommendations (docs/thumbtack/api.md#categories). */
export interface CategoryV4 {
  categoryID: string;
  name: string;
  nearMeURL: string;
  imageURL: string;
  activeServices: number;
}

export interface CategoryListV4 {
  data: CategoryV4[];
}

/** GET /v4/categories/{categoryID}/request-form, a bare object (docs/thumbtack/api.md#request-form). */
export interface RequestFormV4 {
  requestFormID: string;
  questions: RequestFormQuestionV4[];
}

export interface RequestFormQuestionV4 {
  questionID: string;
  inputType: string;
  prompt: string;
  /** `checkboxOption`, `radioOption` or `textBox` in the fake's catalogue. */
  questionType: string;
  answers: { answerID: string; value: string; type: string }[];
  validationConstraints: {
    minimumAnswersSelected: number;
    maximumAnswersSelected: number;
    minimumAnswerLength: number;
    maximumAnswerLength: number;
  };
}

/**
 * POST /v4/requests answers the request with human-readable `travelPreferences`, unlike RequestV4's enum
 * (docs/thumbtack/api.md#submitting-a-request).
 */
export interface CreatedRequestV4 {
  request: Omit<RequestV4, 'travelPreferences'> & { travelPreferences: string[] };
  /** The fake always answers `[]`. */
  contactErrors: ContactErrorV4[];
}

/**
 * The documentation shows `contactErrors` only empty, so the shape of one is unknown; `message` is the
 * field the console shows if one comes.
 */
export interface ContactErrorV4 {
  message?: string;
}

// Request bodies, as the zod schemas of the handlers in api/ accept them. Written out by hand: those
// schemas are private to their modules.

/** Either auth shape; none means no authentication (docs/thumbtack/webhooks.md#creating-a-webhook). */
export type WebhookAuthBodyV4 = { username: string; password: string } | { header: string; value: string };

export interface WebhookCreateBodyV4 {
  webhookURL: string;
  /** Business webhooks: the values of BUSINESS_EVENT_TYPES (api/webhooks.ts), checked at run time. */
  eventTypes: string[];
  enabled: boolean;
  auth?: WebhookAuthBodyV4;
}

/** A partial update; at least one field, checked at run time. */
export type WebhookUpdateBodyV4 = Partial<WebhookCreateBodyV4>;

export interface PhoneNumberCreateBodyV4 {
  phoneNumber: string;
  name: string;
}

export type PhoneNumberUpdateBodyV4 = Partial<PhoneNumberCreateBodyV4>;

export interface JobStatusBodyV4 {
  status: JobStatus;
  partnerStatusChangedAt?: string;
  invoiceAmountInCents?: number;
}

export interface MessageCreateBodyV4 {
  text: string;
}

export interface ReviewResponseBodyV4 {
  responseText: string;
}

export interface RequestFormDetailV4 {
  questionID: string;
  answers: string[];
}

export interface BusinessSearchBodyV4 {
  searchQuery?: string;
  categoryID?: string;
  zipCode: string;
  utmData: { utm_source: string };
  limit?: number;
  requestFormDetails?: RequestFormDetailV4[];
}

export interface RequestCreateBodyV4 {
  searchID: string;
  businessIDs: string[];
  categoryID: string;
  utmData: { utm_source: string };
  /** Sent by the console and accepted unchecked (docs/thumbtack/api.md#submitting-a-request). */
  zipCode?: string;
  /** Sent by the console in the shape it uses for search, and accepted unchecked. */
  requestFormDetails?: RequestFormDetailV4[];
}
