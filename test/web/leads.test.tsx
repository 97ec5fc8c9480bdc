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
  LEAD_ID,
  QUIET_BUSINESS_ID,
  setSession,
  signedIn,
  standIn,
} from './support/bff-stand-in';
import { installBffStandIn, renderApp } from './support/render-app';

installBffStandIn();

const leadsPath = `/businesses/${BUSINESS_ID}/leads`;

describe('a business’s leads', () => {
  it('lists leads like an inbox, filters by status and searches on the client', async () => {
    setSession(signedIn('supply'));
    renderApp(leadsPath);
    const inbox = await screen.findByRole('list', { name: 'Leads' });
    expect(within(inbox).getAllByRole('listitem')).toHaveLength(3);
    expect(within(inbox).getByText('Dana Reyes · Junk Removal')).toBeTruthy();
    // The business's name heads the tabs.
    expect(await screen.findByText('Griffis Property Group')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'Picked' } });
    expect(within(inbox).getAllByRole('listitem')).toHaveLength(1);
    expect(within(inbox).getByText('Sam Ortiz · House Cleaning')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'all' } });
    fireEvent.change(screen.getByLabelText('Search leads'), { target: { value: 'delray' } });
    expect(within(inbox).getAllByRole('listitem')).toHaveLength(1);
    expect(within(inbox).getByText('Lee Chan · Junk Removal')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Search leads'), { target: { value: 'plumbing' } });
    expect(screen.getByText('No leads match')).toBeTruthy();
    // Filtering is client-side: the list was fetched once.
    expect(callsTo('GET', `/api/v4/businesses/${BUSINESS_ID}/negotiations`)).toHaveLength(1);
  });

  it('shows an empty state for a business without leads', async () => {
    setSession(signedIn('supply'));
    renderApp(`/businesses/${QUIET_BUSINESS_ID}/leads`);
    expect(await screen.findByText('No leads yet')).toBeTruthy();
  });

  it('shows an error with a retry', async () => {
    setSession(signedIn('supply'));
    let failures = 1;
    bff.use(
      http.get('http://localhost/api/v4/businesses/:id/negotiations', () =>
        failures-- > 0 ? bffError(504, 'thumbtack_timeout', 'Timed out.') : undefined,
      ),
    );
    renderApp(leadsPath);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Thumbtack did not respond in time');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Leads' })).toBeTruthy();
  });

  it('opens a business at its leads', async () => {
    setSession(signedIn('supply'));
    const { router } = renderApp(`/businesses/${BUSINESS_ID}`);
    await screen.findByRole('list', { name: 'Leads' });
    expect(router.state.location.pathname).toBe(leadsPath);
  });
});

describe('a lead', () => {
  it('shows the request, the estimate, the lead price and the thread', async () => {
    setSession(signedIn('supply'));
    renderApp(`/leads/${LEAD_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Dana Reyes · Junk Removal' })).toBeTruthy();
    expect(screen.getByText('Need help with junk removal')).toBeTruthy();
    expect(screen.getByText('Frequency of services')).toBeTruthy();
    expect(screen.getByText('One time only')).toBeTruthy();
    expect(screen.getByText('123 Main St, Apt 4B, Lake Worth, FL 33460')).toBeTruthy();
    expect(screen.getByText('$150.00')).toBeTruthy();
    expect(screen.getByText('$25.00')).toBeTruthy();
    expect(screen.getByText('Pro travels to the customer')).toBeTruthy();

    const thread = await screen.findByRole('list', { name: 'Messages' });
    const bubbles = within(thread).getAllByRole('listitem');
    // Oldest first, whatever order the API returned.
    expect(bubbles[0]?.textContent).toContain('Are you available on my date?');
    expect(bubbles[1]?.textContent).toContain('Yes, Tuesday works.');
    expect(bubbles[1]?.className).toContain('bubble--mine');
  });

  it('shows a sent message at once, and marks a failed one with a retry', async () => {
    setSession(signedIn('supply'));
    let failNext = true;
    bff.use(
      http.post('http://localhost/api/v4/negotiations/:id/messages', () => {
        if (!failNext) return undefined;
        failNext = false;
        return bffError(502, 'thumbtack_unavailable', 'Thumbtack is down.');
      }),
    );
    renderApp(`/leads/${LEAD_ID}`);
    const box = await screen.findByLabelText('Message to Dana');
    fireEvent.change(box, { target: { value: 'I can come Tuesday at 10.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    const thread = screen.getByRole('list', { name: 'Messages' });
    // Shown before the server answers, then marked failed.
    expect(within(thread).getByText('I can come Tuesday at 10.')).toBeTruthy();
    expect(await within(thread).findByText('Not sent')).toBeTruthy();
    expect((box as HTMLTextAreaElement).value).toBe('');

    fireEvent.click(within(thread).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(within(thread).queryByText('Not sent')).toBeNull());
    expect(within(thread).getByText('I can come Tuesday at 10.')).toBeTruthy();
    const sent = callsTo('POST', `/api/v4/negotiations/${LEAD_ID}/messages`);
    expect(sent).toHaveLength(2);
    expect(await sent[1]?.json()).toEqual({ text: 'I can come Tuesday at 10.' });
  });

  it('loads older messages page by page', async () => {
    setSession(signedIn('supply'));
    standIn.manyMessages(25);
    renderApp(`/leads/${LEAD_ID}`);
    const thread = await screen.findByRole('list', { name: 'Messages' });
    expect(within(thread).queryByText('Message number 1')).toBeNull();
    expect(within(thread).getByText('Message number 25')).toBeTruthy();
    fireEvent.click(within(thread).getByRole('button', { name: 'Load older messages' }));
    expect(await within(thread).findByText('Message number 1')).toBeTruthy();
    // The oldest message shown was the cursor for the page before it.
    const older = callsTo('GET', `/api/v4/negotiations/${LEAD_ID}/messages`).at(-1);
    expect(new URL(older?.url ?? '').searchParams.get('sentBefore')).toBe('2026-11-01T08:05:00Z');
    expect(within(thread).queryByRole('button', { name: 'Load older messages' })).toBeNull();
  });

  it('sends a job status', async () => {
    setSession(signedIn('supply'));
    renderApp(`/leads/${LEAD_ID}`);
    fireEvent.change(await screen.findByLabelText('Where does this job stand?'), {
      target: { value: 'job_complete' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Update status' }));
    expect(await screen.findByText('Thumbtack now shows this job as “Job complete”.')).toBeTruthy();
    const [call] = callsTo('POST', `/api/v4/negotiations/${LEAD_ID}/job-status`);
    expect(await call?.json()).toEqual({ status: 'job_complete' });
  });

  it('shows an empty thread and a not-found lead', async () => {
    setSession(signedIn('supply'));
    standIn.setMessages([]);
    renderApp(`/leads/${LEAD_ID}`);
    expect(await screen.findByText('No messages yet. Say hello to Dana.')).toBeTruthy();
  });

  it('says when a lead does not exist', async () => {
    setSession(signedIn('supply'));
    renderApp('/leads/123');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not found');
  });

  it('sends a session that ended to the session-expired screen, which returns to the lead', async () => {
    setSession(signedIn('supply'));
    bff.use(
      http.get('http://localhost/api/v4/negotiations/:id', () =>
        bffError(401, 'session_expired', 'Session ended.'),
      ),
    );
    const { router } = renderApp(`/leads/${LEAD_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Your session has ended' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/session-expired');
    expect(screen.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe(
      `/auth/login?returnTo=${encodeURIComponent(`/leads/${LEAD_ID}`)}`,
    );
  });
});
