import { useId, useState } from 'react';
import { InlineError } from '../../../components/error-state';
import { Choice, Field, FieldSet } from '../../../components/field';
import { useMutation } from '../../../lib/use-mutation';
import { createWebhook, type NewWebhook, WEBHOOK_EVENT_TYPES } from '../api/webhooks';

type AuthKind = 'none' | 'basic' | 'header';

type Problems = Partial<Record<'url' | 'events' | 'auth', string>>;

const AUTH_KINDS = [
  ['none', 'No authentication'],
  ['basic', 'Basic authentication (username and password)'],
  ['header', 'A custom header'],
] as const satisfies readonly (readonly [AuthKind, string])[];

function httpsUrlProblem(value: string): string | undefined {
  if (!value) return 'Enter the URL Thumbtack should call.';
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:')
      return 'The URL must start with https:// — Thumbtack only calls secure URLs.';
  } catch {
    return 'Enter a full URL, such as https://example.com/thumbtack.';
  }
  return undefined;
}

export function CreateWebhookForm({ businessId, onCreated }: { businessId: string; onCreated: () => void }) {
  const id = useId();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['NegotiationCreatedV4', 'MessageCreatedV4']);
  const [enabled, setEnabled] = useState(true);
  const [authKind, setAuthKind] = useState<AuthKind>('none');
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [created, setCreated] = useState(false);
  const mutation = useMutation((webhook: NewWebhook) => createWebhook(businessId, webhook));

  function validate(): Problems {
    const found: Problems = {};
    const urlProblem = httpsUrlProblem(url.trim());
    if (urlProblem) found.url = urlProblem;
    if (events.length === 0) found.events = 'Choose at least one event.';
    if (authKind !== 'none' && (!first.trim() || !second)) {
      found.auth =
        authKind === 'basic' ? 'Enter a username and a password.' : 'Enter a header name and a value.';
    }
    return found;
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setCreated(false);
    const found = validate();
    setProblems(found);
    if (Object.keys(found).length > 0) {
      // Take the person to the first thing to fix.
      const first = found.url
        ? `${id}-url`
        : found.events
          ? `${id}-event-0`
          : authKind !== 'none'
            ? `${id}-first`
            : '';
      document.getElementById(first)?.focus();
      return;
    }
    const webhook: NewWebhook = { webhookURL: url.trim(), eventTypes: events, enabled };
    if (authKind === 'basic') webhook.auth = { username: first.trim(), password: second };
    if (authKind === 'header') webhook.auth = { header: first.trim(), value: second };
    const result = await mutation.run(webhook);
    if (result.ok) {
      setUrl('');
      setFirst('');
      setSecond('');
      setAuthKind('none');
      setCreated(true);
      onCreated();
    }
  }

  function toggleEvent(value: string, checked: boolean) {
    setEvents((current) => (checked ? [...current, value] : current.filter((item) => item !== value)));
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Add a webhook</h2>
      <Field
        id={`${id}-url`}
        label="URL"
        // While there is an error, it takes the hint’s place.
        hint={problems.url ? undefined : 'HTTPS only.'}
        error={problems.url}
      >
        {(control) => (
          <input
            {...control}
            className="input"
            type="url"
            inputMode="url"
            placeholder="https://example.com/thumbtack"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
          />
        )}
      </Field>

      <FieldSet legend="Events" error={problems.events}>
        {({ choice }) =>
          WEBHOOK_EVENT_TYPES.map((option, index) => (
            <Choice
              key={option.value}
              {...choice}
              id={`${id}-event-${index}`}
              type="checkbox"
              label={option.label}
              checked={events.includes(option.value)}
              onChange={(event) => toggleEvent(option.value, event.target.checked)}
            />
          ))
        }
      </FieldSet>

      <FieldSet
        legend="How Thumbtack proves it is Thumbtack"
        hint="Thumbtack keeps the secret; it is never shown again."
        error={problems.auth}
      >
        {({ errorId }) => (
          <>
            {AUTH_KINDS.map(([value, label]) => (
              <Choice
                key={value}
                type="radio"
                name={`${id}-auth`}
                value={value}
                label={label}
                checked={authKind === value}
                onChange={() => setAuthKind(value)}
              />
            ))}
            {authKind !== 'none' ? (
              <div className="grid-2">
                <Field
                  id={`${id}-first`}
                  label={authKind === 'basic' ? 'Username' : 'Header name'}
                  groupError={first.trim() ? undefined : errorId}
                >
                  {(control) => (
                    <input
                      {...control}
                      className="input"
                      autoComplete="off"
                      value={first}
                      placeholder={authKind === 'header' ? 'X-Webhook-Secret' : ''}
                      onChange={(event) => setFirst(event.target.value)}
                    />
                  )}
                </Field>
                <Field
                  label={authKind === 'basic' ? 'Password' : 'Header value'}
                  groupError={second ? undefined : errorId}
                >
                  {(control) => (
                    <input
                      {...control}
                      className="input"
                      type="password"
                      autoComplete="new-password"
                      value={second}
                      onChange={(event) => setSecond(event.target.value)}
                    />
                  )}
                </Field>
              </div>
            ) : null}
          </>
        )}
      </FieldSet>

      <Choice
        type="checkbox"
        label="Enable right away"
        checked={enabled}
        onChange={(event) => setEnabled(event.target.checked)}
      />

      {mutation.error ? <InlineError error={mutation.error} action="creating webhooks" /> : null}
      <div aria-live="polite">
        {created ? <p className="notice notice--success">Webhook added.</p> : null}
      </div>
      <div className="button-row">
        <button type="submit" className="button" disabled={mutation.pending}>
          {mutation.pending ? 'Adding…' : 'Add webhook'}
        </button>
      </div>
    </form>
  );
}
