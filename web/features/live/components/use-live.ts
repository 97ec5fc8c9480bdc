import { useEffect, useSyncExternalStore } from 'react';
import type { Negotiation } from '../../leads/api/types';
import type { Message } from '../../messages/api/messages';
import type { Review } from '../../reviews/api/reviews';
import type { LiveStatus } from '../api/live-connection';
import { EMPTY_LIVE_STATE, type LiveNotice, type LiveState } from '../api/live-store';
import type { LiveUpdatesSnapshot } from '../api/live-updates';
import { useLiveUpdates } from './live-context';

// Hooks for screens: what arrived live, to merge on top of their loader data. Outside the supply
// workspace (no provider) they answer "nothing arrived" and "off".

const NOTHING: readonly never[] = [];
const OFF: LiveUpdatesSnapshot = {
  status: 'off',
  subscriptions: { kind: 'ready', live: new Map() },
  refusal: undefined,
};
const noSubscription = () => () => {};

function useLiveState(): LiveState {
  const live = useLiveUpdates();
  return useSyncExternalStore(
    live?.store.subscribe ?? noSubscription,
    live?.store.getSnapshot ?? (() => EMPTY_LIVE_STATE),
  );
}

function useLiveSnapshot(): LiveUpdatesSnapshot {
  const live = useLiveUpdates();
  return useSyncExternalStore(live?.subscribe ?? noSubscription, live?.getSnapshot ?? (() => OFF));
}

export type BusinessLive = {
  /** `off` unless this business has live updates on. */
  status: LiveStatus;
  subscription: 'loading' | 'on' | 'off' | 'unavailable';
  /** Why the subscriptions could not be read (unavailable), or why the BFF refused the stream. */
  error: unknown;
};

/** One business's live updates: whether they are on, and how the stream is doing. */
export function useBusinessLive(businessId: string): BusinessLive {
  const { status, subscriptions, refusal } = useLiveSnapshot();
  if (subscriptions.kind === 'loading') return { status: 'off', subscription: 'loading', error: undefined };
  if (subscriptions.kind === 'unavailable') {
    return { status: 'off', subscription: 'unavailable', error: subscriptions.error };
  }
  const on = subscriptions.live.get(businessId) === true;
  return { status: on ? status : 'off', subscription: on ? 'on' : 'off', error: on ? refusal : undefined };
}

/** Leads of this business that arrived live, newest first. */
export function useLiveLeads(businessId: string): readonly Negotiation[] {
  return useLiveState().leads.get(businessId) ?? NOTHING;
}

/** Reviews of this business that arrived live, newest first. */
export function useLiveReviews(businessId: string): readonly Review[] {
  return useLiveState().reviews.get(businessId) ?? NOTHING;
}

/** Messages of this lead that arrived live. */
export function useLiveMessages(negotiationId: string): readonly Message[] {
  return useLiveState().messages.get(negotiationId) ?? NOTHING;
}

/** Unread live messages per lead. */
export function useUnreadLeads(): ReadonlyMap<string, number> {
  return useLiveState().unread;
}

export function useLiveNotices(): { notices: readonly LiveNotice[]; dismiss: (key: string) => void } {
  const live = useLiveUpdates();
  const { notices } = useLiveState();
  return { notices, dismiss: (key) => live?.store.dismissNotice(key) };
}

/** The leads a screen shows: the console knows them, so their held messages show. */
export function useKnownLeads(negotiationIds: readonly string[]): void {
  const live = useLiveUpdates();
  const key = negotiationIds.join(' ');
  useEffect(() => {
    if (live && key) live.store.markKnown(key.split(' '));
  }, [live, key]);
}

/** The lead whose thread is on screen: read as messages come, its unread mark cleared. */
export function useOpenLead(negotiationId: string): void {
  const live = useLiveUpdates();
  useEffect(
    () => (live && negotiationId ? live.store.openLead(negotiationId) : undefined),
    [live, negotiationId],
  );
}
