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

type Lead = {
  negotiationID: string;
  status: string;
  customer: { firstName: string; lastName: string };
  request: {
    category: { name: string };
    details: { question: string; answer: string }[];
    location: { address1: string; address2: string; city: string; state: string; zipCode: string };
  };
  estimate: { total: string };
  leadPrice: string;
};
type Message = { messageID: string; from: string; text: string; sentAt: string };

const [ORTIZ] = DEMO_ACCOUNTS.pro.businessIDs;
/** Dana Reyes's handyman job for Ortiz: hired, with a 28-message thread. */
const LONG_LEAD = DEMO_ACCOUNTS.pro.longThreadNegotiationID;
const leadsPath = `/businesses/${ORTIZ}/leads`;

describe('a business’s leads', () => {
  it('lists leads like an inbox, filters by status and searches on the client', async () => {
    const backend = await signedIn();
    renderApp(leadsPath);
    const inbox = await screen.findByRole('list', { name: 'Leads' });
    const { data: leads } = backend.answerTo<{ data: Lead[] }>(
      'GET',
      `/api/v4/businesses/${ORTIZ}/negotiations`,
    );
    // Nine leads of the pro's own, and Priya Shah's request from the marketplace.
    expect(leads).toHaveLength(10);
    expect(within(inbox).getAllByRole('listitem')).toHaveLength(leads.length);
    expect(within(inbox).getByText('Dana Reyes · Handyman')).toBeTruthy();
    // The business's name heads the tabs.
    expect(await screen.findByText('Ortiz Handyman & Repair')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'Picked' } });
    const hired = leads.filter((lead) => lead.status === 'Picked');
    expect(within(inbox).getAllByRole('listitem')).toHaveLength(hired.length);
    expect(within(inbox).getByText('Dana Reyes · Handyman')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'all' } });
    fireEvent.change(screen.getByLabelText('Search leads'), { target: { value: 'priya' } });
    expect(within(inbox).getAllByRole('listitem')).toHaveLength(1);
    expect(within(inbox).getByText('Priya Shah · TV Mounting')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Search leads'), { target: { value: 'plumbing' } });
    expect(screen.getByText('No leads match')).toBeTruthy();
    // Filtering is client-side: the list was fetched once, the first 50 in one page.
    const calls = backend.callsTo('GET', `/api/v4/businesses/${ORTIZ}/negotiations`);
    expect(calls).toHaveLength(1);
    expect(new URL(calls[0]?.url ?? '').search).toBe('?limit=50&offset=0');
  });

  it('shows an empty state for a business without leads', async () => {
    const backend = await signedIn();
    // Both demo businesses have leads and the API cannot delete one: the list answer is changed.
    backend.h.server.use(
      http.get(backend.thumbtackApi(`/v4/businesses/${ORTIZ}/negotiations`), () =>
        HttpResponse.json({ data: [], pagination: { limit: 50, offset: 0 } }),
      ),
    );
    renderApp(leadsPath);
    expect(await screen.findByText('No leads yet')).toBeTruthy();
  });

  it('shows an error when Thumbtack does not answer in time, and a retry that works', async () => {
    // Here the BFF gives Thumbtack 400 ms; the fake takes two seconds until told otherwise.
    const backend = await signedIn({ env: { UPSTREAM_TIMEOUT_MS: '400' } });
    backend.h.fake.control.setFaults({ api: { latencyMs: 2_000 } });
    renderApp(leadsPath);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Thumbtack did not respond in time');
    expect(JSON.parse(backend.exchanges.find((item) => item.status === 504)?.body ?? '{}').error.code).toBe(
      'thumbtack_timeout',
    );
    backend.h.fake.control.setFaults({});
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Leads' })).toBeTruthy();
  });

  it('opens a business at its leads', async () => {
    await signedIn();
    const { router } = renderApp(`/businesses/${ORTIZ}`);
    await screen.findByRole('list', { name: 'Leads' });
    expect(router.state.location.pathname).toBe(leadsPath);
  });
});

describe('a lead', () => {
  it('shows the request, the estimate, the lead price and the thread', async () => {
    const backend = await signedIn();
    renderApp(`/leads/${LONG_LEAD}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Dana Reyes · Handyman' })).toBeTruthy();
    expect(
      screen.getByText(
        'A few small repairs: a sticking front door, two drywall dents and a loose towel bar.',
      ),
    ).toBeTruthy();
    const lead = backend.answerTo<Lead>('GET', `/api/v4/negotiations/${LONG_LEAD}`);
    for (const detail of lead.request.details) {
      expect(screen.getByText(detail.question)).toBeTruthy();
    }
    const { address1, address2, city, state, zipCode } = lead.request.location;
    expect(
      screen.getByText([address1, address2, `${city}, ${state} ${zipCode}`].filter(Boolean).join(', ')),
    ).toBeTruthy();
    expect(screen.getByText(lead.estimate.total)).toBeTruthy();
    expect(screen.getByText(lead.leadPrice)).toBeTruthy();
    expect(screen.getByText('Pro travels to the customer')).toBeTruthy();

    // The newest page of the thread: Thumbtack answers newest first, the thread reads oldest first.
    const thread = await screen.findByRole('list', { name: 'Messages' });
    const page = backend.answerTo<{ data: Message[] }>(
      'GET',
      `/api/v4/negotiations/${LONG_LEAD}/messages`,
    ).data;
    const last = 'Looks seamless, thank you so much. I will leave a review.';
    expect(page).toHaveLength(20);
    expect(page[0]?.text).toBe(last);
    const bubbles = within(thread)
      .getAllByRole('listitem')
      .filter((item) => item.className.includes('bubble'));
    expect(bubbles).toHaveLength(20);
    expect(bubbles.at(-1)?.textContent).toContain(last);
    expect(bubbles[0]?.textContent).toContain(page.at(-1)?.text ?? '');
    expect(bubbles.at(-2)?.textContent).toContain('Second coat is on. Everything is finished.');
    expect(bubbles.at(-2)?.className).toContain('bubble--mine');
    expect(bubbles.at(-1)?.className).not.toContain('bubble--mine');
  });

  it('shows a sent message at once, and marks a failed one with a retry', async () => {
    const backend = await signedIn();
    renderApp(`/leads/${LONG_LEAD}`);
    const box = await screen.findByLabelText('Message to Dana');
    await screen.findByRole('list', { name: 'Messages' });
    // The workspace has asked whether live updates are on (Thumbtack calls of its own) before the fault.
    await waitFor(() => expect(backend.callsTo('GET', '/live/subscriptions')).toHaveLength(1));
    // Thumbtack fails the next call once: the send.
    backend.h.fake.control.setFaults({ api: { status: 503, times: 1 } });
    fireEvent.change(box, { target: { value: 'I can come Tuesday at 10.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    const thread = screen.getByRole('list', { name: 'Messages' });
    // Shown before the server answers, then marked failed.
    expect(within(thread).getByText('I can come Tuesday at 10.')).toBeTruthy();
    expect(await within(thread).findByText('Not sent')).toBeTruthy();
    expect((box as HTMLTextAreaElement).value).toBe('');

    fireEvent.click(within(thread).getByRole('button', { name: 'Retry' }));
    // Sending again, then taken: the bubble loses its state line.
    await waitFor(() => expect(within(thread).queryByText(/^(Sending…|Not sent)$/)).toBeNull());
    const mine = within(thread).getByText('I can come Tuesday at 10.').closest('li');
    expect(mine?.className).toContain('bubble--mine');
    const sent = backend.callsTo('POST', `/api/v4/negotiations/${LONG_LEAD}/messages`);
    expect(sent).toHaveLength(2);
    expect(await sent[1]?.json()).toEqual({ text: 'I can come Tuesday at 10.' });
    // Thumbtack has it now, from the business.
    const stored = await backend.call<{ data: Message[] }>(
      'GET',
      `/api/v4/negotiations/${LONG_LEAD}/messages`,
    );
    expect(stored.data[0]).toMatchObject({ from: 'Business', text: 'I can come Tuesday at 10.' });
  });

  it('loads older messages page by page', async () => {
    const backend = await signedIn();
    renderApp(`/leads/${LONG_LEAD}`);
    const thread = await screen.findByRole('list', { name: 'Messages' });
    const first =
      'Hi Maya! I have a list of small repairs: a sticking front door, two drywall dents and a loose towel bar.';
    expect(within(thread).queryByText(first)).toBeNull();
    fireEvent.click(within(thread).getByRole('button', { name: 'Load older messages' }));
    expect(await within(thread).findByText(first)).toBeTruthy();
    // The oldest message shown was the cursor for the page before it.
    const page = backend.answerTo<{ data: Message[] }>('GET', `/api/v4/negotiations/${LONG_LEAD}/messages`);
    expect(page.data).toHaveLength(8);
    const [newest, older] = backend.callsTo('GET', `/api/v4/negotiations/${LONG_LEAD}/messages`);
    const firstPage = JSON.parse(backend.exchanges.find((item) => item.request === newest)?.body ?? '{}') as {
      data: Message[];
    };
    expect(new URL(older?.url ?? '').searchParams.get('sentBefore')).toBe(firstPage.data.at(-1)?.sentAt);
    expect(
      within(thread)
        .getAllByRole('listitem')
        .filter((item) => item.className.includes('bubble')),
    ).toHaveLength(28);
    expect(within(thread).queryByRole('button', { name: 'Load older messages' })).toBeNull();
  });

  it('sends a job status', async () => {
    const backend = await signedIn();
    renderApp(`/leads/${LONG_LEAD}`);
    fireEvent.change(await screen.findByLabelText('Where does this job stand?'), {
      target: { value: 'job_complete' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Update status' }));
    expect(await screen.findByText('Thumbtack now shows this job as “Job complete”.')).toBeTruthy();
    const [call] = backend.callsTo('POST', `/api/v4/negotiations/${LONG_LEAD}/job-status`);
    expect(await call?.json()).toEqual({ status: 'job_complete' });
  });

  it('shows an empty thread for a lead nobody has written on yet', async () => {
    const backend = await signedIn();
    // Thumbtack's test lead comes with no messages.
    const lead = await backend.call<Lead>(
      'POST',
      `/api/v4/businesses/${ORTIZ}/webhooks/test-negotiation`,
      {},
    );
    renderApp(`/leads/${lead.negotiationID}`);
    expect(await screen.findByRole('heading', { level: 1, name: /^Test Customer · / })).toBeTruthy();
    expect(await screen.findByText('No messages yet. Say hello to Test.')).toBeTruthy();
  });

  it('says when a lead does not exist', async () => {
    const backend = await signedIn();
    renderApp('/leads/123');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not found');
    expect(
      backend.exchanges.find((item) => item.request.url.endsWith('/api/v4/negotiations/123'))?.status,
    ).toBe(404);
  });

  it('sends a session that ended to the session-expired screen, which returns to the lead', async () => {
    const backend = await signedIn();
    // The grant is gone at Thumbtack (revoked there): the access token stops working and the
    // refresh token with it. The BFF still believes the token fresh, so its session check passes.
    backend.h.fake.control.expireAccessTokens();
    backend.h.fake.control.revokeRefreshTokens();
    const { router } = renderApp(`/leads/${LONG_LEAD}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Your session has ended' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/session-expired');
    expect(screen.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe(
      `/auth/login?returnTo=${encodeURIComponent(`/leads/${LONG_LEAD}`)}`,
    );
    const expired = backend.exchanges.find((item) => item.status === 401);
    expect(JSON.parse(expired?.body ?? '{}').error.code).toBe('session_expired');
    // The BFF ended the session: the cookie is gone and the session check says so.
    await waitFor(() => expect(backend.answerTo('GET', '/auth/session')).toEqual({ authenticated: false }));
  });
});
