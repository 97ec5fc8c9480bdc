import { api } from '../../../lib/api-client';

// /live/subscriptions (docs/live-updates.md, "Turning it on"): whether each of the pro's businesses has
// its webhook to this console on. Turning one on makes the BFF create (or re-enable) that business's
// webhook at Thumbtack; turning it off disables it. Both are idempotent.

export type LiveSubscription = { businessID: string; name?: string; live: boolean };

export type LiveSubscriptionList = { data: LiveSubscription[] };

export type LiveSubscriptionChange = { businessID: string; live: boolean };

export async function getLiveSubscriptions(signal?: AbortSignal): Promise<LiveSubscription[]> {
  const list = await api.get<LiveSubscriptionList>('/live/subscriptions', signal ? { signal } : {});
  return list?.data ?? [];
}

export function turnOnLiveUpdates(businessId: string): Promise<LiveSubscriptionChange> {
  return api.post<LiveSubscriptionChange>('/live/subscriptions', { businessID: businessId });
}

export function turnOffLiveUpdates(businessId: string): Promise<LiveSubscriptionChange> {
  return api.delete<LiveSubscriptionChange>(`/live/subscriptions/${encodeURIComponent(businessId)}`);
}
