import { LiveConnection, type LiveStatus } from './live-connection';
import { LiveStore } from './live-store';
import { getLiveSubscriptions, turnOffLiveUpdates, turnOnLiveUpdates } from './subscriptions';

// Live updates for one signed-in pro: which businesses have them on, the one stream that carries them
// (open while at least one business has them on), and the store of what arrived. Plain objects, no
// React: the provider (components/live-updates-provider.tsx) owns one per session and hands it down.

export type SubscriptionState =
  | { kind: 'loading' }
  | { kind: 'ready'; live: ReadonlyMap<string, boolean> }
  | { kind: 'unavailable'; error: unknown };

export type LiveUpdatesSnapshot = {
  /** The stream's status: `off` unless some business has live updates on. */
  status: LiveStatus;
  subscriptions: SubscriptionState;
  /** Why the BFF refused the stream, when it did (a 401 is the session check's to handle). */
  refusal: unknown;
};

export type LiveUpdatesHost = {
  /** Reload the current screen's data (react-router's revalidation). */
  revalidate: () => void;
};

export class LiveUpdates {
  readonly store = new LiveStore();
  private readonly connection: LiveConnection;
  private snapshot: LiveUpdatesSnapshot = {
    status: 'off',
    subscriptions: { kind: 'loading' },
    refusal: undefined,
  };
  private readonly listeners = new Set<() => void>();
  private running = false;
  private loading: AbortController | undefined;

  constructor(host: LiveUpdatesHost) {
    this.connection = new LiveConnection({
      onEvent: (event) => this.store.receive(event),
      onOpen: () => host.revalidate(),
      onReset: () => host.revalidate(),
      // The screen's own calls will meet the same 401 and send the person to sign in.
      onSessionEnded: () => host.revalidate(),
      onRefused: (refusal) => this.update({ refusal }),
    });
    this.connection.subscribe(() => this.update({ status: this.connection.status }));
  }

  getSnapshot = (): LiveUpdatesSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Learns which businesses have live updates on, and listens if any does. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loadSubscriptions();
  }

  stop(): void {
    this.running = false;
    this.loading?.abort();
    this.loading = undefined;
    this.connection.stop();
  }

  /** Asks again after GET /live/subscriptions failed. */
  retry(): void {
    if (!this.running) return;
    this.update({ subscriptions: { kind: 'loading' } });
    void this.loadSubscriptions();
  }

  /** Turns one business's live updates on or off; rejects (ApiError) when the BFF refuses. */
  async setLive(businessId: string, on: boolean): Promise<void> {
    const change = on ? await turnOnLiveUpdates(businessId) : await turnOffLiveUpdates(businessId);
    const current = this.snapshot.subscriptions;
    const live = new Map(current.kind === 'ready' ? current.live : []);
    live.set(businessId, typeof change?.live === 'boolean' ? change.live : on);
    this.update({ subscriptions: { kind: 'ready', live }, refusal: undefined });
    this.listenIfWanted();
  }

  private async loadSubscriptions(): Promise<void> {
    this.loading?.abort();
    const loading = new AbortController();
    this.loading = loading;
    try {
      const list = await getLiveSubscriptions(loading.signal);
      if (this.loading !== loading || !this.running) return;
      const live = new Map(list.map((item) => [item.businessID, item.live === true]));
      this.update({ subscriptions: { kind: 'ready', live } });
      this.listenIfWanted();
    } catch (error) {
      if (this.loading !== loading || !this.running) return;
      this.update({ subscriptions: { kind: 'unavailable', error } });
    }
  }

  private listenIfWanted(): void {
    if (!this.running) return;
    const { subscriptions } = this.snapshot;
    const wanted = subscriptions.kind === 'ready' && [...subscriptions.live.values()].some(Boolean);
    if (wanted) this.connection.start();
    else this.connection.stop();
  }

  private update(change: Partial<LiveUpdatesSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of [...this.listeners]) listener();
  }
}
