// @vitest-environment node
import './support/dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  DEMO_ACCOUNTS,
  HttpResponse,
  http,
  installConsoleBackend,
  signedIn,
} from './support/console-backend';
import { renderApp } from './support/render-app';

installConsoleBackend();

type Review = {
  reviewID: string;
  reviewerName: string;
  reviewText: string;
  rating: number;
  responseText?: string;
};
type Webhook = { webhookID: string; webhookURL: string; enabled: boolean };
type PhoneNumber = { phoneNumberID: string; phoneNumber: string; name: string };

/** Ortiz has 18 reviews, a (disabled) webhook and two linked phones; Evergreen 6, none and one. */
const [ORTIZ, EVERGREEN] = DEMO_ACCOUNTS.pro.businessIDs;

/** Every grant the demo pro gives except seeing webhooks. */
const WITHOUT_WEBHOOKS = [
  'supply::businesses.list',
  'supply::negotiations.read',
  'supply::webhooks.write',
  'offline_access',
  'openid',
  'profile',
  'email',
].join(' ');

describe('reviews', () => {
  const path = `/businesses/${ORTIZ}/reviews`;

  it('lists reviews with ratings and replies, and posts a public reply', async () => {
    const backend = await signedIn();
    renderApp(path);
    const list = await screen.findByRole('list', { name: 'Reviews' });
    const { data } = backend.answerTo<{ data: Review[] }>('GET', `/api/v4/businesses/${ORTIZ}/reviews`);
    expect(data).toHaveLength(10);
    expect(list.querySelectorAll(':scope > li')).toHaveLength(10);
    const [answered, unanswered] = data;
    if (!answered?.responseText || !unanswered || unanswered.responseText)
      throw new Error('unexpected demo reviews');
    const answeredRow = within(list).getByText(answered.reviewText).closest('li');
    if (!answeredRow) throw new Error('no review row');
    expect(within(answeredRow).getByText(answered.responseText)).toBeTruthy();
    expect(within(answeredRow).queryByRole('button', { name: 'Reply publicly' })).toBeNull();
    const row = within(list).getByText(unanswered.reviewText).closest('li');
    if (!row) throw new Error('no review row');
    expect(within(row).getByRole('img', { name: `${unanswered.rating} out of 5 stars` })).toBeTruthy();

    // Only the unanswered reviews offer a reply.
    expect(within(list).getAllByRole('button', { name: 'Reply publicly' })).toHaveLength(
      data.filter((review) => !review.responseText).length,
    );
    fireEvent.click(within(row).getByRole('button', { name: 'Reply publicly' }));
    const box = within(row).getByLabelText(`Your reply to ${unanswered.reviewerName}`);
    await waitFor(() => expect(document.activeElement).toBe(box));
    fireEvent.change(box, { target: { value: 'Thanks, glad it worked out!' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Post reply' }));
    // Shown as the business's reply once Thumbtack took it.
    expect(await within(row).findByText('Your public reply')).toBeTruthy();
    expect(within(row).getByText('Thanks, glad it worked out!', { selector: 'p' })).toBeTruthy();
    const [call] = backend.callsTo(
      'POST',
      `/api/v4/businesses/${ORTIZ}/reviews/${unanswered.reviewID}/response`,
    );
    expect(await call?.json()).toEqual({ responseText: 'Thanks, glad it worked out!' });
    // Thumbtack keeps it.
    const stored = await backend.call<{ data: Review[] }>('GET', `/api/v4/businesses/${ORTIZ}/reviews`);
    expect(stored.data[1]?.responseText).toBe('Thanks, glad it worked out!');
  });

  it('pages through reviews with the offset in the URL', async () => {
    const backend = await signedIn();
    const { router } = renderApp(path);
    await screen.findByRole('list', { name: 'Reviews' });
    expect(screen.queryByRole('link', { name: 'Newer reviews' })).toBeNull();
    fireEvent.click(screen.getByRole('link', { name: 'Older reviews' }));
    await waitFor(() => expect(router.state.location.search).toBe('?offset=10'));
    const older = backend.answerTo<{ data: Review[] }>('GET', `/api/v4/businesses/${ORTIZ}/reviews`).data;
    expect(older).toHaveLength(8);
    expect(await screen.findByText(older[7]?.reviewText ?? '')).toBeTruthy();
    expect(new URL(backend.callsTo('GET', `/api/v4/businesses/${ORTIZ}/reviews`)[1]?.url ?? '').search).toBe(
      '?limit=10&offset=10',
    );
    expect(screen.getByRole('link', { name: 'Newer reviews' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Older reviews' })).toBeNull();
  });

  it('shows an empty state for a business without reviews', async () => {
    const backend = await signedIn();
    // Every seeded business has reviews and nothing removes one: the list answer is changed.
    backend.h.server.use(
      http.get(backend.thumbtackApi(`/v4/businesses/${ORTIZ}/reviews`), () =>
        HttpResponse.json({ data: [], pagination: { limit: 10, offset: 0 } }),
      ),
    );
    renderApp(path);
    expect(await screen.findByText('No reviews yet')).toBeTruthy();
  });

  it('says when Thumbtack asks to slow down, with a retry', async () => {
    const backend = await signedIn();
    // Thumbtack answers 429 (Retry-After: 1) until told otherwise.
    backend.h.fake.control.setFaults({ api: { status: 429 } });
    renderApp(path);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Too many requests');
    expect(alert.textContent).toContain('Thumbtack asked us to slow down. Try again in 1 second.');
    backend.h.fake.control.setFaults({});
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Reviews' })).toBeTruthy();
  });
});

describe('webhooks', () => {
  const path = `/businesses/${ORTIZ}/webhooks`;
  const SEEDED = 'https://partner.example.com/thumbtack/webhooks';

  it('lists webhooks and switches one on with a partial update', async () => {
    const backend = await signedIn();
    renderApp(path);
    const list = await screen.findByRole('list', { name: 'Webhooks' });
    const [seeded] = backend.answerTo<{ data: Webhook[] }>(
      'GET',
      `/api/v4/businesses/${ORTIZ}/webhooks`,
    ).data;
    expect(within(list).getByText(SEEDED)).toBeTruthy();
    expect(within(list).getByText('New lead, New message · Basic authentication')).toBeTruthy();
    expect(within(list).getByText('Disabled')).toBeTruthy();
    fireEvent.click(within(list).getByRole('button', { name: `Enable webhook ${SEEDED}` }));
    expect(await within(list).findByText('Enabled')).toBeTruthy();
    const [call] = backend.callsTo('PUT', `/api/v4/businesses/${ORTIZ}/webhooks/${seeded?.webhookID}`);
    expect(await call?.json()).toEqual({ enabled: true });
  });

  it('accepts only https URLs, then creates a webhook with a custom header', async () => {
    const backend = await signedIn();
    renderApp(path);
    await screen.findByRole('list', { name: 'Webhooks' });
    fireEvent.change(screen.getByLabelText('URL'), { target: { value: 'http://partner.example.com/hook' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));
    expect(screen.getByText(/must start with https:\/\//)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('URL'));
    expect(backend.callsTo('POST', `/api/v4/businesses/${ORTIZ}/webhooks`)).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('URL'), { target: { value: 'https://partner.example.com/hook' } });
    fireEvent.click(screen.getByLabelText('New review'));
    fireEvent.click(screen.getByLabelText('A custom header'));
    fireEvent.change(screen.getByLabelText('Header name'), { target: { value: 'X-Hook-Secret' } });
    fireEvent.change(screen.getByLabelText('Header value'), { target: { value: 's3cret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));
    expect(await screen.findByText('Webhook added.')).toBeTruthy();
    const [call] = backend.callsTo('POST', `/api/v4/businesses/${ORTIZ}/webhooks`);
    expect(await call?.json()).toEqual({
      webhookURL: 'https://partner.example.com/hook',
      eventTypes: ['NegotiationCreatedV4', 'MessageCreatedV4', 'ReviewCreatedV4'],
      enabled: true,
      auth: { header: 'X-Hook-Secret', value: 's3cret' },
    });
    const list = screen.getByRole('list', { name: 'Webhooks' });
    expect(await within(list).findByText('https://partner.example.com/hook')).toBeTruthy();
    // Thumbtack says which kind of authentication it uses, never the secret.
    expect(within(list).getByText('New lead, New message, New review · Custom header')).toBeTruthy();
    expect(document.body.textContent).not.toContain('s3cret');
  });

  it('deletes a webhook after confirming, leaving none', async () => {
    const backend = await signedIn();
    renderApp(path);
    const list = await screen.findByRole('list', { name: 'Webhooks' });
    const [seeded] = backend.answerTo<{ data: Webhook[] }>(
      'GET',
      `/api/v4/businesses/${ORTIZ}/webhooks`,
    ).data;
    fireEvent.click(within(list).getByRole('button', { name: 'Delete' }));
    const confirm = within(list).getByRole('button', { name: 'Delete webhook' });
    expect(document.activeElement).toBe(confirm);
    fireEvent.click(confirm);
    expect(await screen.findByText('No webhooks yet')).toBeTruthy();
    expect(
      backend.callsTo('DELETE', `/api/v4/businesses/${ORTIZ}/webhooks/${seeded?.webhookID}`),
    ).toHaveLength(1);
  });

  it('sends a test lead', async () => {
    const backend = await signedIn();
    renderApp(path);
    fireEvent.click(await screen.findByRole('button', { name: 'Send test lead' }));
    expect(await screen.findByText(/A test lead was created/)).toBeTruthy();
    const [call] = backend.callsTo('POST', `/api/v4/businesses/${ORTIZ}/webhooks/test-negotiation`);
    expect(call?.headers.get('content-type')).toBe('application/json');
    expect(await call?.json()).toEqual({});
    // The lead is Thumbtack's now: it heads the business's leads.
    const leads = await backend.call<{ data: { customer: { firstName: string } }[] }>(
      'GET',
      `/api/v4/businesses/${ORTIZ}/negotiations?limit=1`,
    );
    expect(leads.data[0]?.customer.firstName).toBe('Test');
  });

  it('shows an empty state for a business without webhooks', async () => {
    await signedIn();
    renderApp(`/businesses/${EVERGREEN}/webhooks`);
    expect(await screen.findByText('No webhooks yet')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add webhook' })).toBeTruthy();
  });

  it('explains a missing webhook scope', async () => {
    await signedIn({ env: { THUMBTACK_SCOPES: WITHOUT_WEBHOOKS } });
    renderApp(path);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your Thumbtack connection does not allow seeing your webhooks');
    expect(within(alert).queryByRole('button')).toBeNull();
  });
});

describe('phone numbers', () => {
  const path = `/businesses/${ORTIZ}/phone-numbers`;

  it('lists, adds, renames and removes numbers', async () => {
    const backend = await signedIn();
    renderApp(path);
    const list = await screen.findByRole('list', { name: 'Phone numbers' });
    expect(within(list).getByText("Maya's mobile")).toBeTruthy();
    expect(within(list).getByText(/\+1 \(512\) 555-0147/)).toBeTruthy();
    expect(within(list).getByText("Luis's phone (helper)")).toBeTruthy();

    // A number that is not North American is refused before any call.
    fireEvent.change(screen.getByLabelText('Phone number'), { target: { value: '+44 20 7946 0958' } });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Office' } });
    fireEvent.click(screen.getByRole('button', { name: 'Link number' }));
    expect((await screen.findByRole('alert')).textContent).toContain('US or Canadian number');
    expect(backend.callsTo('POST', `/api/v4/businesses/${ORTIZ}/associate-phone-numbers`)).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('Phone number'), { target: { value: '(512) 555-0199' } });
    fireEvent.click(screen.getByRole('button', { name: 'Link number' }));
    expect(await within(list).findByText('Office')).toBeTruthy();
    const [added] = backend.callsTo('POST', `/api/v4/businesses/${ORTIZ}/associate-phone-numbers`);
    expect(await added?.json()).toEqual({ phoneNumber: '+15125550199', name: 'Office' });

    fireEvent.click(within(list).getByRole('button', { name: "Rename Maya's mobile" }));
    const name = within(list).getByLabelText(/Name for/);
    fireEvent.change(name, { target: { value: 'Maya (work)' } });
    fireEvent.click(within(list).getByRole('button', { name: 'Save name' }));
    expect(await within(list).findByText('Maya (work)')).toBeTruthy();
    const [renamed] = backend.callsTo('PUT', /associate-phone-numbers\/\d+$/);
    expect(await renamed?.json()).toEqual({ name: 'Maya (work)' });

    const row = within(list).getByText('Maya (work)').closest('li');
    if (!row) throw new Error('no row');
    fireEvent.click(within(row).getByRole('button', { name: 'Remove' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Remove number' }));
    await waitFor(() => expect(within(list).queryByText('Maya (work)')).toBeNull());
    // What Thumbtack holds now.
    const stored = await backend.call<{ phoneNumbers: PhoneNumber[] }>(
      'GET',
      `/api/v4/businesses/${ORTIZ}/associate-phone-numbers`,
    );
    expect(stored.phoneNumbers.map((number) => number.name)).toEqual(["Luis's phone (helper)", 'Office']);
  });

  it('shows an empty state once a business’s last number is removed', async () => {
    const backend = await signedIn();
    // Removed from another tab: Evergreen's only number.
    const numbersPath = `/api/v4/businesses/${EVERGREEN}/associate-phone-numbers`;
    const { phoneNumbers } = await backend.call<{ phoneNumbers: PhoneNumber[] }>('GET', numbersPath);
    expect(phoneNumbers.map((number) => number.name)).toEqual(['Crew lead phone']);
    await backend.call('DELETE', `${numbersPath}/${phoneNumbers[0]?.phoneNumberID}`);
    renderApp(`/businesses/${EVERGREEN}/phone-numbers`);
    expect(await screen.findByText('No phone numbers linked')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Link number' })).toBeTruthy();
  });

  it('says when the connection cannot be renewed, with a retry', async () => {
    const backend = await signedIn();
    // Thumbtack stops taking the access token and its token endpoint is down until told otherwise.
    backend.h.fake.control.expireAccessTokens();
    backend.h.fake.control.setFaults({ token: { status: 503 } });
    renderApp(path);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your connection could not be renewed. Try again in 5 seconds.');
    backend.h.fake.control.setFaults({});
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Phone numbers' })).toBeTruthy();
  });
});
