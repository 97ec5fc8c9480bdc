// @vitest-environment happy-dom
// @vitest-environment-options {"url":"http://localhost/"}
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  BUSINESS_ID,
  bff,
  bffError,
  callsTo,
  http,
  QUIET_BUSINESS_ID,
  setSession,
  signedIn,
  standIn,
} from './support/bff-stand-in';
import { installBffStandIn, renderApp } from './support/render-app';

installBffStandIn();

describe('reviews', () => {
  it('lists reviews with ratings and replies, and posts a public reply', async () => {
    setSession(signedIn('supply'));
    renderApp(`/businesses/${BUSINESS_ID}/reviews`);
    const list = await screen.findByRole('list', { name: 'Reviews' });
    expect(within(list).getByText('The crew did an amazing job.')).toBeTruthy();
    expect(within(list).getByText('Thank you so much for the kind words!')).toBeTruthy();
    expect(within(list).getByRole('img', { name: '4 out of 5 stars' })).toBeTruthy();

    // Only the unanswered review offers a reply.
    fireEvent.click(within(list).getByRole('button', { name: 'Reply publicly' }));
    const box = within(list).getByLabelText('Your reply to Kim P.');
    await waitFor(() => expect(document.activeElement).toBe(box));
    fireEvent.change(box, { target: { value: 'Thanks, Kim!' } });
    fireEvent.click(within(list).getByRole('button', { name: 'Post reply' }));
    expect(await within(list).findByText('Thanks, Kim!')).toBeTruthy();
    const [call] = callsTo('POST', `/api/v4/businesses/${BUSINESS_ID}/reviews/5343987659230309813/response`);
    expect(await call?.json()).toEqual({ responseText: 'Thanks, Kim!' });
  });

  it('pages through reviews with the offset in the URL', async () => {
    setSession(signedIn('supply'));
    standIn.setReviews(
      Array.from({ length: 12 }, (_, index) => ({
        reviewID: String(900 + index),
        reviewText: `Review ${index + 1}`,
        rating: 5,
        createTime: '2026-10-02T01:43:49Z',
        reviewerName: `Reviewer ${index + 1}`,
      })) as never,
    );
    const { router } = renderApp(`/businesses/${BUSINESS_ID}/reviews`);
    expect(await screen.findByText('Review 10')).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Older reviews' }));
    expect(await screen.findByText('Review 12')).toBeTruthy();
    expect(router.state.location.search).toBe('?offset=10');
    expect(screen.getByRole('link', { name: 'Newer reviews' })).toBeTruthy();
  });

  it('shows an empty state and an error state', async () => {
    setSession(signedIn('supply'));
    renderApp(`/businesses/${QUIET_BUSINESS_ID}/reviews`);
    expect(await screen.findByText('No reviews yet')).toBeTruthy();
  });

  it('shows an error with a retry', async () => {
    setSession(signedIn('supply'));
    bff.use(
      http.get('http://localhost/api/v4/businesses/:id/reviews', () =>
        bffError(429, 'rate_limited', 'Slow down.', { 'Retry-After': '30' }),
      ),
    );
    renderApp(`/businesses/${BUSINESS_ID}/reviews`);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Try again in 30 seconds.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

describe('webhooks', () => {
  const path = `/businesses/${BUSINESS_ID}/webhooks`;

  it('lists webhooks and switches one off with a partial update', async () => {
    setSession(signedIn('supply'));
    renderApp(path);
    const list = await screen.findByRole('list', { name: 'Webhooks' });
    expect(within(list).getByText('https://partner.example.com/thumbtack')).toBeTruthy();
    expect(within(list).getByText('New lead, New message · Basic authentication')).toBeTruthy();
    fireEvent.click(
      within(list).getByRole('button', { name: 'Disable webhook https://partner.example.com/thumbtack' }),
    );
    expect(await within(list).findByText('Disabled')).toBeTruthy();
    const [call] = callsTo('PUT', /\/webhooks\/590298304139583503$/);
    expect(await call?.json()).toEqual({ enabled: false });
  });

  it('accepts only https URLs, then creates a webhook with a custom header', async () => {
    setSession(signedIn('supply'));
    renderApp(path);
    await screen.findByRole('list', { name: 'Webhooks' });
    fireEvent.change(screen.getByLabelText('URL'), { target: { value: 'http://partner.example.com/hook' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));
    expect(screen.getByText(/must start with https:\/\//)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('URL'));
    expect(callsTo('POST', `/api/v4/businesses/${BUSINESS_ID}/webhooks`)).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('URL'), { target: { value: 'https://partner.example.com/hook' } });
    fireEvent.click(screen.getByLabelText('New review'));
    fireEvent.click(screen.getByLabelText('A custom header'));
    fireEvent.change(screen.getByLabelText('Header name'), { target: { value: 'X-Hook-Secret' } });
    fireEvent.change(screen.getByLabelText('Header value'), { target: { value: 's3cret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));
    expect(await screen.findByText('Webhook added.')).toBeTruthy();
    const [call] = callsTo('POST', `/api/v4/businesses/${BUSINESS_ID}/webhooks`);
    expect(await call?.json()).toEqual({
      webhookURL: 'https://partner.example.com/hook',
      eventTypes: ['NegotiationCreatedV4', 'MessageCreatedV4', 'ReviewCreatedV4'],
      enabled: true,
      auth: { header: 'X-Hook-Secret', value: 's3cret' },
    });
    const list = screen.getByRole('list', { name: 'Webhooks' });
    expect(await within(list).findByText('https://partner.example.com/hook')).toBeTruthy();
  });

  it('deletes a webhook after confirming', async () => {
    setSession(signedIn('supply'));
    renderApp(path);
    const list = await screen.findByRole('list', { name: 'Webhooks' });
    fireEvent.click(within(list).getByRole('button', { name: 'Delete' }));
    const confirm = within(list).getByRole('button', { name: 'Delete webhook' });
    expect(document.activeElement).toBe(confirm);
    fireEvent.click(confirm);
    expect(await screen.findByText('No webhooks yet')).toBeTruthy();
    expect(callsTo('DELETE', /\/webhooks\/590298304139583503$/)).toHaveLength(1);
  });

  it('sends a test lead', async () => {
    setSession(signedIn('supply'));
    renderApp(path);
    fireEvent.click(await screen.findByRole('button', { name: 'Send test lead' }));
    expect(await screen.findByText(/A test lead was created/)).toBeTruthy();
    expect(callsTo('POST', `/api/v4/businesses/${BUSINESS_ID}/webhooks/test-negotiation`)).toHaveLength(1);
  });

  it('shows an empty state and explains a missing scope', async () => {
    setSession(signedIn('supply'));
    renderApp(`/businesses/${QUIET_BUSINESS_ID}/webhooks`);
    expect(await screen.findByText('No webhooks yet')).toBeTruthy();
  });

  it('explains a missing webhook scope', async () => {
    setSession(signedIn('supply'));
    bff.use(
      http.get('http://localhost/api/v4/businesses/:id/webhooks', () => bffError(403, 'insufficient_scope')),
    );
    renderApp(path);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your Thumbtack connection does not allow seeing your webhooks');
  });
});

describe('phone numbers', () => {
  const path = `/businesses/${BUSINESS_ID}/phone-numbers`;

  it('lists, adds, renames and removes numbers', async () => {
    setSession(signedIn('supply'));
    renderApp(path);
    const list = await screen.findByRole('list', { name: 'Phone numbers' });
    expect(within(list).getByText("Alex's mobile")).toBeTruthy();
    expect(within(list).getByText(/\+1 \(561\) 555-0100/)).toBeTruthy();

    // A number that is not North American is refused before any call.
    fireEvent.change(screen.getByLabelText('Phone number'), { target: { value: '+44 20 7946 0958' } });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Office' } });
    fireEvent.click(screen.getByRole('button', { name: 'Link number' }));
    expect((await screen.findByRole('alert')).textContent).toContain('US or Canadian number');

    fireEvent.change(screen.getByLabelText('Phone number'), { target: { value: '(561) 555-0199' } });
    fireEvent.click(screen.getByRole('button', { name: 'Link number' }));
    expect(await within(list).findByText('Office')).toBeTruthy();
    const [added] = callsTo('POST', `/api/v4/businesses/${BUSINESS_ID}/associate-phone-numbers`);
    expect(await added?.json()).toEqual({ phoneNumber: '+15615550199', name: 'Office' });

    fireEvent.click(within(list).getByRole('button', { name: "Rename Alex's mobile" }));
    const name = within(list).getByLabelText(/Name for/);
    fireEvent.change(name, { target: { value: 'Alex (work)' } });
    fireEvent.click(within(list).getByRole('button', { name: 'Save name' }));
    expect(await within(list).findByText('Alex (work)')).toBeTruthy();
    const [renamed] = callsTo('PUT', /associate-phone-numbers\/5343987659230309900$/);
    expect(await renamed?.json()).toEqual({ name: 'Alex (work)' });

    const row = within(list).getByText('Alex (work)').closest('li');
    if (!row) throw new Error('no row');
    fireEvent.click(within(row).getByRole('button', { name: 'Remove' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Remove number' }));
    await waitFor(() => expect(within(list).queryByText('Alex (work)')).toBeNull());
    expect(standIn.phoneNumbers).toHaveLength(1);
  });

  it('shows an empty state', async () => {
    setSession(signedIn('supply'));
    renderApp(`/businesses/${QUIET_BUSINESS_ID}/phone-numbers`);
    expect(await screen.findByText('No phone numbers linked')).toBeTruthy();
  });

  it('shows an error with a retry', async () => {
    setSession(signedIn('supply'));
    bff.use(
      http.get('http://localhost/api/v4/businesses/:id/associate-phone-numbers', () =>
        bffError(503, 'token_refresh_unavailable', 'Refresh failed.', { 'Retry-After': '5' }),
      ),
    );
    renderApp(path);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your connection could not be renewed. Try again in 5 seconds.');
  });
});
