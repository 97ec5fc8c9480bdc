import { useState } from 'react';
import { describeError, InlineError } from '../../../components/error-state';
import { Field } from '../../../components/field';
import { useMutation } from '../../../lib/use-mutation';
import type { LiveStatus } from '../api/live-connection';
import { useLiveUpdates } from './live-context';
import { useBusinessLive } from './use-live';

const STATUS_LABELS: Record<LiveStatus, string> = {
  live: 'Live',
  reconnecting: 'Reconnecting…',
  off: 'Off',
};

/** How the stream is doing, for this business: a dot and a word, announced when it changes. */
export function LiveStatusIndicator({ status }: { status: LiveStatus }) {
  return (
    <p className={`live-status live-status--${status}`} role="status">
      <span className="live-status__dot" aria-hidden="true" />
      <span className="visually-hidden">Live updates: </span>
      {STATUS_LABELS[status]}
    </p>
  );
}

/**
 * The "Live updates" switch of one business, with the stream's status beside it. Turning it on asks
 * the BFF to create (or re-enable) the business's webhook to this console; off disables it.
 */
export function LiveUpdatesControl({ businessId }: { businessId: string }) {
  const live = useLiveUpdates();
  const { status, subscription, error } = useBusinessLive(businessId);
  const [asked, setAsked] = useState(true);
  const toggle = useMutation((on: boolean) => {
    if (!live) throw new Error('Live updates are not available here.');
    return live.setLive(businessId, on);
  });
  const on = subscription === 'on';
  const usable = subscription === 'on' || subscription === 'off';

  function flip() {
    if (!usable || toggle.pending) return;
    setAsked(!on);
    void toggle.run(!on);
  }

  const hint = toggle.pending
    ? asked
      ? 'Turning on…'
      : 'Turning off…'
    : subscription === 'loading'
      ? 'Checking…'
      : 'New leads, messages and reviews appear without reloading.';

  return (
    <div className="live-control">
      <div className="live-control__row">
        <Field label="Live updates" hint={hint} className="field--switch">
          {(control) => (
            <button
              {...control}
              type="button"
              role="switch"
              aria-checked={on}
              className="switch"
              // Not `disabled` while a change is on its way: the switch keeps keyboard focus.
              aria-disabled={toggle.pending || undefined}
              disabled={!usable}
              onClick={flip}
            >
              <span className="switch__thumb" aria-hidden="true" />
            </button>
          )}
        </Field>
        <LiveStatusIndicator status={status} />
      </div>
      {toggle.error ? (
        <InlineError
          error={toggle.error}
          action={asked ? 'turning on live updates' : 'turning off live updates'}
        />
      ) : null}
      {subscription === 'unavailable' ? <Unavailable error={error} onRetry={() => live?.retry()} /> : null}
      {subscription === 'on' && error ? <InlineError error={error} action="receiving live updates" /> : null}
    </div>
  );
}

/**
 * The BFF could not say which businesses have live updates on. Quiet on purpose (no alert): the
 * screen's own content matters more, and its own errors speak for themselves.
 */
function Unavailable({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <p className="fine-print live-control__unavailable">
      Live updates are not available right now.{' '}
      {describeError(error).canRetry ? (
        <button type="button" className="link-button" onClick={onRetry}>
          Check again
        </button>
      ) : null}
    </p>
  );
}
