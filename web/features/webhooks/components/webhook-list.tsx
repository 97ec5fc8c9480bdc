import { ConfirmButton } from '../../../components/confirm-button';
import { EmptyState } from '../../../components/empty-state';
import { InlineError } from '../../../components/error-state';
import { useMutation } from '../../../lib/use-mutation';
import { deleteWebhook, eventLabel, updateWebhook, type Webhook } from '../api/webhooks';

const AUTH_WORDS: Record<string, string> = {
  None: 'No authentication',
  Basic: 'Basic authentication',
  CustomHeader: 'Custom header',
};

export function WebhookList({
  businessId,
  webhooks,
  onChanged,
}: {
  businessId: string;
  webhooks: Webhook[];
  onChanged: () => void;
}) {
  if (webhooks.length === 0) {
    return (
      <EmptyState title="No webhooks yet">
        Add a webhook below and Thumbtack will call your URL when something happens on this business.
      </EmptyState>
    );
  }
  return (
    <ul className="rows" aria-label="Webhooks">
      {webhooks.map((webhook) => (
        <WebhookRow key={webhook.webhookID} businessId={businessId} webhook={webhook} onChanged={onChanged} />
      ))}
    </ul>
  );
}

function WebhookRow({
  businessId,
  webhook,
  onChanged,
}: {
  businessId: string;
  webhook: Webhook;
  onChanged: () => void;
}) {
  const toggle = useMutation((enabled: boolean) => updateWebhook(businessId, webhook.webhookID, { enabled }));
  const remove = useMutation(() => deleteWebhook(businessId, webhook.webhookID));

  async function handleToggle() {
    if ((await toggle.run(!webhook.enabled)).ok) onChanged();
  }
  async function handleRemove() {
    if ((await remove.run()).ok) onChanged();
  }

  return (
    <li className="row-card">
      <div className="row-card__main">
        <span className="row-card__title">{webhook.webhookURL}</span>
        <span className="muted">
          {webhook.eventTypes.map(eventLabel).join(', ') || 'No events'} ·{' '}
          {AUTH_WORDS[webhook.authType ?? 'None'] ?? webhook.authType}
        </span>
        <span>
          <span className={`pill ${webhook.enabled ? 'pill--success' : ''}`}>
            {webhook.enabled ? 'Enabled' : 'Disabled'}
          </span>
        </span>
        {toggle.error ? <InlineError error={toggle.error} action="changing webhooks" /> : null}
        {remove.error ? <InlineError error={remove.error} action="changing webhooks" /> : null}
      </div>
      <div className="button-row">
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={handleToggle}
          disabled={toggle.pending}
          aria-label={`${webhook.enabled ? 'Disable' : 'Enable'} webhook ${webhook.webhookURL}`}
        >
          {webhook.enabled ? 'Disable' : 'Enable'}
        </button>
        <ConfirmButton
          label="Delete"
          question={`Delete the webhook to ${webhook.webhookURL}? Thumbtack stops calling it at once.`}
          confirmLabel="Delete webhook"
          pending={remove.pending}
          onConfirm={handleRemove}
        />
      </div>
    </li>
  );
}
