import { api } from '../../../lib/api-client';

// Business webhooks (docs/thumbtack/webhooks.md#business-webhooks). The secret of a webhook's auth is write-only:
// Thumbtack echoes only `authType`. Written by hand; test/contract/spa-fake-types.ts keeps these types honest
// against the fake's WebhookV4, WebhookListV4, the bodies it accepts and its business event types.
export type Webhook = {
  webhookID: string;
  webhookURL: string;
  enabled: boolean;
  authType?: 'None' | 'Basic' | 'CustomHeader' | string;
  businessID?: string;
  eventTypes: string[];
};

export type WebhookList = { data?: Webhook[] };

export const WEBHOOK_EVENT_TYPES = [
  { value: 'NegotiationCreatedV4', label: 'New lead' },
  { value: 'MessageCreatedV4', label: 'New message' },
  { value: 'ReviewCreatedV4', label: 'New review' },
] as const;

export type WebhookAuth = { username: string; password: string } | { header: string; value: string };

export type NewWebhook = { webhookURL: string; eventTypes: string[]; enabled: boolean; auth?: WebhookAuth };

const base = (businessId: string) => `/api/v4/businesses/${encodeURIComponent(businessId)}/webhooks`;

export async function getWebhooks(businessId: string, signal?: AbortSignal): Promise<Webhook[]> {
  const list = await api.get<WebhookList>(base(businessId), signal ? { signal } : {});
  return list.data ?? [];
}

export function createWebhook(businessId: string, webhook: NewWebhook): Promise<Webhook> {
  return api.post<Webhook>(base(businessId), webhook);
}

/** A partial update: only the fields given change. */
export function updateWebhook(
  businessId: string,
  webhookId: string,
  change: Partial<NewWebhook>,
): Promise<Webhook> {
  return api.put<Webhook>(`${base(businessId)}/${encodeURIComponent(webhookId)}`, change);
}

export function deleteWebhook(businessId: string, webhookId: string): Promise<void> {
  return api.delete(`${base(businessId)}/${encodeURIComponent(webhookId)}`);
}

// Creates a fake lead for the business and fires NegotiationCreatedV4 at its webhooks. The body is
// an empty JSON object: Thumbtack documents none, and the BFF takes a POST to this route only as JSON.
export function sendTestLead(businessId: string): Promise<unknown> {
  return api.post(`${base(businessId)}/test-negotiation`, {});
}

export function eventLabel(eventType: string): string {
  return WEBHOOK_EVENT_TYPES.find((event) => event.value === eventType)?.label ?? eventType;
}
