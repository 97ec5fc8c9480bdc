// @vitest-environment node
import './support/dom';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  type Backend,
  DEMO_ACCOUNTS,
  HttpResponse,
  http,
  installConsoleBackend,
  ORIGIN,
  signedIn,
} from './support/console-backend';
import { stubLive } from './support/live-stub';
import { renderApp } from './support/render-app';

installConsoleBackend();

// Live updates on the pro's screens. Most tests stand in for the BFF's /live routes (support/live-stub.ts)
// to say exactly what the stream carries; the rest of each page is the real BFF with the fake Thumbtack.
// The last block goes through the real /live routes, with the fake delivering its webhooks.

type Lead = {
  negotiationID: string;
  customer?: { firstName?: string; lastName?: string };
  request?: { category?: { name?: string } };
};

const [ORTIZ, EVERGREEN] = DEMO_ACCOUNTS.pro.businessIDs;
/** Dana Reyes's handyman job for Ortiz, with a long thread. */
const LONG_LEAD = DEMO_ACCOUNTS.pro.longThreadNegotiationID;
const leadsPath = `/businesses/${ORTIZ}/leads`;
const reviewsPath = `/businesses/${ORTIZ}/reviews`;
const negotiationsPath = `/api/v4/businesses/${ORTIZ}/negotiations`;

/** A new lead for Ortiz, as the `lead` event carries it (a NegotiationV4 inside). */
function leadEvent(negotiationID: string, customer = { firstName: 'Sam', lastName: 'Turner' }) {
  return {
    businessID: ORTIZ,
    negotiationID,
    negotiation: {
      negotiationID,
      createdAt: new Date().toISOString(),
      status: 'Open',
      leadPrice: '$21.50',
      business: { businessID: ORTIZ, name: 'Ortiz Handyman & Repair' },
      customer: { customerID: '880000000000009001', ...customer },
      request: {
        category: { categoryID: '880000000000009002', name: 'Furniture Assembly' },
        description: 'Two bookshelves, flat-packed.',
        location: { city: 'Austin', state: 'TX', zipCode: '78704' },
      },
    },
  };
}

function messageEvent(negotiationID: string, messageID: string, text: string, displayName = 'Sam T.') {
  return {
    businessID: ORTIZ,
    negotiationID,
    messageID,
    message: {
      messageID,
      negotiationID,
      from: 'Customer',
      customer: { customerID: '880000000000009001', displayName },
      text,
      attachments: [],
      sentAt: new Date().toISOString(),
    },
  };
}

function reviewEvent(reviewID: string, reviewerName = 'Jordan K.', reviewText = 'Quick, tidy and friendly.') {
  return {
    businessID: ORTIZ,
    reviewID,
    review: {
      reviewID,
      rating: 5,
      reviewerName,
      reviewText,
      createTime: new Date().toISOString(),
      images: [],
    },
  };
}

/** The switch, once the page knows whether live updates are on. */
async function liveSwitch(): Promise<HTMLButtonElement> {
  const toggle = (await screen.findByRole('switch', { name: 'Live updates' })) as HTMLButtonElement;
  await waitFor(() => expect(toggle.disabled).toBe(false));
  return toggle;
}

function liveStatus(): string | undefined {
  return (
    screen.queryAllByRole('status').find((element) => element.classList.contains('live-status'))
      ?.textContent ?? undefined
  );
}

async function expectStatus(label: 'Live' | 'Reconnecting…' | 'Off') {
  await waitFor(() => expect(liveStatus()).toBe(`Live updates: ${label}`));
}

function notices() {
  return screen.getByRole('log', { name: 'New activity' });
}

/** The row of one lead in the leads list. */
function leadRow(negotiationID: string): HTMLElement {
  const list = screen.getByRole('list', { name: 'Leads' });
  const row = list.querySelector(`a[href="/leads/${negotiationID}"]`)?.closest('li');
  if (!(row instanceof HTMLElement)) throw new Error(`no row for lead ${negotiationID}`);
  return row;
}

function leadRows(): HTMLElement[] {
  return within(screen.getByRole('list', { name: 'Leads' })).getAllByRole('listitem');
}

function negotiationCalls(backend: Backend) {
  return backend.callsTo('GET', negotiationsPath);
}

/** A lead of Ortiz other than Dana's, read before the page opens (as another tab would). */
async function anotherLead(backend: Backend): Promise<Lead & { name: string }> {
  const page = await backend.call<{ data: Lead[] }>('GET', `${negotiationsPath}?limit=50`);
  const lead = page.data.find((item) => item.negotiationID !== LONG_LEAD && item.customer?.firstName);
  if (!lead?.customer?.firstName) throw new Error('no other demo lead');
  return { ...lead, name: `${lead.customer.firstName} ${lead.customer.lastName?.charAt(0)}.` };
}

describe('the live updates switch and status', () => {
  it('turns live updates on and off for one business, and says how the stream is doing', async () => {
    const backend = await signedIn();
    const live = stubLive(backend);
    const { router } = renderApp(leadsPath);
    const toggle = await liveSwitch();
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(toggle.getAttribute('aria-describedby')).toBeTruthy();
    expect(liveStatus()).toBe('Live updates: Off');
    // Off everywhere: no stream.
    expect(live.connections).toHaveLength(0);
    const [read] = live.requests;
    expect(read?.headers.get('x-csrf')).toBe('1');

    fireEvent.click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('true'));
    const post = live.requests.find((request) => request.method === 'POST');
    expect(post?.headers.get('x-csrf')).toBe('1');
    expect(await post?.json()).toEqual({ businessID: ORTIZ });
    const stream = await live.connected();
    expect(stream.headers.get('accept')).toBe('text/event-stream');
    expect(stream.headers.get('x-csrf')).toBe('1');
    expect(stream.headers.has('last-event-id')).toBe(false);
    await expectStatus('Live');

    // The other business has them off: its page says so, over the same stream.
    await act(() => router.navigate(`/businesses/${EVERGREEN}/leads`));
    const other = await liveSwitch();
    await waitFor(() => expect(screen.getByText('Evergreen Yard & Garden Co.')).toBeTruthy());
    expect(other.getAttribute('aria-checked')).toBe('false');
    expect(liveStatus()).toBe('Live updates: Off');
    await act(() => router.navigate(leadsPath));
    const back = await liveSwitch();
    await expectStatus('Live');
    expect(live.connections).toHaveLength(1);

    fireEvent.click(back);
    await waitFor(() => expect(back.getAttribute('aria-checked')).toBe('false'));
    const removal = live.requests.find((request) => request.method === 'DELETE');
    expect(new URL(removal?.url ?? '').pathname).toBe(`/live/subscriptions/${ORTIZ}`);
    expect(removal?.headers.get('x-csrf')).toBe('1');
    await expectStatus('Off');
    await waitFor(() => expect(live.open).toBe(false));
  });

  it('shows a change on its way, and says why one failed', async () => {
    const backend = await signedIn();
    const live = stubLive(backend);
    let answer = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    backend.h.server.use(
      http.post(
        `${ORIGIN}/live/subscriptions`,
        async () => {
          await answered;
          return HttpResponse.json(
            {
              error: {
                code: 'thumbtack_error',
                message: 'Thumbtack could not create the webhook.',
                requestId: 'req-live-1',
              },
            },
            { status: 502 },
          );
        },
        { once: true },
      ),
    );
    renderApp(leadsPath);
    const toggle = await liveSwitch();
    fireEvent.click(toggle);
    expect(await screen.findByText('Turning on…')).toBeTruthy();
    // Still focusable while the change is on its way, but not to be pressed again.
    expect(toggle.getAttribute('aria-disabled')).toBe('true');
    expect(toggle.disabled).toBe(false);
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    answer();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Thumbtack had a problem');
    expect(alert.textContent).toContain('Thumbtack could not create the webhook.');
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(toggle.hasAttribute('aria-disabled')).toBe(false);
    expect(live.connections).toHaveLength(0);

    // Again: taken this time.
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('true'));
    expect(screen.queryByRole('alert')).toBeNull();
    await live.connected();
  });

  it('says quietly when the BFF cannot tell, and asks again on request', async () => {
    const backend = await signedIn();
    stubLive(backend);
    backend.h.server.use(
      http.get(
        `${ORIGIN}/live/subscriptions`,
        () =>
          HttpResponse.json(
            { error: { code: 'thumbtack_unavailable', message: 'Thumbtack did not respond in time.' } },
            { status: 502 },
          ),
        { once: true },
      ),
    );
    renderApp(leadsPath);
    expect(await screen.findByText('Live updates are not available right now.')).toBeTruthy();
    const toggle = screen.getByRole('switch', { name: 'Live updates' }) as HTMLButtonElement;
    expect(toggle.disabled).toBe(true);
    expect(liveStatus()).toBe('Live updates: Off');
    // The leads themselves loaded: nothing to alarm anyone.
    await screen.findByRole('list', { name: 'Leads' });
    expect(screen.queryByRole('alert')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await liveSwitch();
    expect(screen.queryByText('Live updates are not available right now.')).toBeNull();
  });

  it('reconnects when the stream ends, resumes after the last id, and reloads the screen', async () => {
    const backend = await signedIn();
    const live = stubLive(backend, { live: [ORTIZ], retryMs: 1000 });
    renderApp(leadsPath);
    await screen.findByRole('list', { name: 'Leads' });
    await live.connected();
    await expectStatus('Live');
    // Loaded, then loaded again once the stream opened: nothing from before it is missed.
    await waitFor(() => expect(negotiationCalls(backend)).toHaveLength(2));
    live.send('lead', leadEvent('880000000000000101'), 17);
    await within(notices()).findByRole('link', { name: 'New lead from Sam T.' });

    live.end();
    await expectStatus('Reconnecting…');
    const again = await live.connected(2);
    expect(again.headers.get('last-event-id')).toBe('17');
    await expectStatus('Live');
    await waitFor(() => expect(negotiationCalls(backend)).toHaveLength(3));
    // The live lead stays, once, on top of the reloaded list.
    expect(leadRows()).toHaveLength(11);
    expect(leadRows()[0]?.textContent).toContain('Sam Turner');
  });

  it('reloads the screen when the server could not resume (reset)', async () => {
    const backend = await signedIn();
    const live = stubLive(backend, { live: [ORTIZ] });
    renderApp(leadsPath);
    await screen.findByRole('list', { name: 'Leads' });
    await live.connected();
    await waitFor(() => expect(negotiationCalls(backend)).toHaveLength(2));
    live.send('reset', {}, 3);
    await waitFor(() => expect(negotiationCalls(backend)).toHaveLength(3));
  });

  it('stops when the session ended, and the page goes to sign-in', async () => {
    const backend = await signedIn();
    const live = stubLive(backend, { live: [ORTIZ], retryMs: 1000 });
    const { router } = renderApp(leadsPath);
    await screen.findByRole('list', { name: 'Leads' });
    await live.connected();
    await expectStatus('Live');
    // Signed out in another tab: the BFF ends the stream, and refuses the next one.
    await act(() => backend.call('POST', '/auth/logout'));
    backend.h.server.use(
      http.get(`${ORIGIN}/live/events`, () =>
        HttpResponse.json(
          { error: { code: 'not_authenticated', message: 'Sign in first.' } },
          { status: 401 },
        ),
      ),
    );
    live.end();
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    expect(live.connections).toHaveLength(1);
  });

  it('closes the stream when the pro signs out', async () => {
    const backend = await signedIn();
    const live = stubLive(backend, { live: [ORTIZ] });
    renderApp(leadsPath);
    await live.connected();
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    await waitFor(() => expect(live.open).toBe(false));
    expect(live.connections).toHaveLength(1);
  });
});

describe('what arrives live', () => {
  it('puts a new lead at the top of the leads list, without a reload, and announces it', async () => {
    const backend = await signedIn();
    const live = stubLive(backend, { live: [ORTIZ] });
    renderApp(leadsPath);
    await screen.findByRole('list', { name: 'Leads' });
    await live.connected();
    await waitFor(() => expect(negotiationCalls(backend)).toHaveLength(2));
    expect(leadRows()).toHaveLength(10);

    live.send('lead', leadEvent('880000000000000102'), 1);
    const notice = await within(notices()).findByRole('link', { name: 'New lead from Sam T.' });
    expect(notice.getAttribute('href')).toBe('/leads/880000000000000102');
    expect(notices().getAttribute('aria-live')).toBe('polite');
    expect(leadRows()).toHaveLength(11);
    expect(leadRows()[0]?.textContent).toContain('Sam Turner · Furniture Assembly');
    expect(screen.getByText('Showing 11 leads of 11')).toBeTruthy();
    expect(negotiationCalls(backend)).toHaveLength(2);

    // A lead for the other business is not listed here; its notice names that business.
    const evergreen = leadEvent('880000000000000103', { firstName: 'Kim', lastName: 'Park' });
    evergreen.negotiation.business = { businessID: EVERGREEN, name: 'Evergreen Yard & Garden Co.' };
    live.send('lead', { ...evergreen, businessID: EVERGREEN }, 2);
    await within(notices()).findByRole('link', {
      name: 'New lead from Kim P. (Evergreen Yard & Garden Co.)',
    });
    expect(leadRows()).toHaveLength(11);

    fireEvent.click(within(notices()).getByRole('button', { name: 'Dismiss: New lead from Sam T.' }));
    expect(within(notices()).getAllByRole('link')).toHaveLength(1);
  });

  it('shows a new message in the open thread, and as an unread mark on its lead elsewhere', async () => {
    const backend = await signedIn();
    const other = await anotherLead(backend);
    const live = stubLive(backend, { live: [ORTIZ] });
    renderApp(`/leads/${LONG_LEAD}`);
    const thread = await screen.findByRole('list', { name: 'Messages' });
    await live.connected();
    live.send(
      'message',
      messageEvent(LONG_LEAD, '770000000000000001', 'Could you also look at the gate?', 'Dana R.'),
      1,
    );
    const bubble = await within(thread).findByText('Could you also look at the gate?');
    expect(bubble.closest('li')?.className).not.toContain('bubble--mine');
    expect(within(notices()).getByRole('link', { name: 'New message from Dana R.' })).toBeTruthy();

    // The list: Dana's message was read where it arrived.
    fireEvent.click(screen.getByRole('link', { name: /^← Leads/ }));
    await screen.findByRole('list', { name: 'Leads' });
    expect(within(leadRow(LONG_LEAD)).queryByText(/new message/i)).toBeNull();

    // A message on another lead while the list is open: marked on its row.
    live.send(
      'message',
      messageEvent(other.negotiationID, '770000000000000002', 'Is Tuesday still good?', other.name),
      2,
    );
    await waitFor(() => expect(within(leadRow(other.negotiationID)).getByText('New message')).toBeTruthy());
    expect(leadRow(other.negotiationID).querySelector('a')?.className).toContain('inbox__link--unread');
    live.send(
      'message',
      messageEvent(other.negotiationID, '770000000000000003', 'Or Wednesday?', other.name),
      3,
    );
    await waitFor(() =>
      expect(within(leadRow(other.negotiationID)).getByText('2 new messages')).toBeTruthy(),
    );

    // Opened, they are in its thread, and the mark is gone.
    fireEvent.click(within(leadRow(other.negotiationID)).getByRole('link'));
    const otherThread = await screen.findByRole('list', { name: 'Messages' });
    expect(await within(otherThread).findByText('Is Tuesday still good?')).toBeTruthy();
    expect(within(otherThread).getByText('Or Wednesday?')).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: /^← Leads/ }));
    await screen.findByRole('list', { name: 'Leads' });
    expect(within(leadRow(other.negotiationID)).queryByText(/new message/i)).toBeNull();
    // All of it over one stream.
    expect(live.connections).toHaveLength(1);
  });

  it('holds a message that comes before its lead, and shows it with the lead', async () => {
    const backend = await signedIn();
    const live = stubLive(backend, { live: [ORTIZ] });
    renderApp(leadsPath);
    await screen.findByRole('list', { name: 'Leads' });
    await live.connected();
    const id = '880000000000000202';
    live.send('message', messageEvent(id, '770000000000000201', 'Two bookshelves, flat-packed.'), 1);
    // Events are taken in order: once the review's notice shows, the message was taken, and held.
    live.send('review', reviewEvent('660000000000000001'), 2);
    await within(notices()).findByText('New review from Jordan K.');
    expect(within(notices()).queryByText(/New message/)).toBeNull();
    expect(screen.queryByText('New message')).toBeNull();

    live.send('lead', leadEvent(id), 3);
    await within(notices()).findByRole('link', { name: 'New lead from Sam T.' });
    const [first] = leadRows();
    expect(first?.textContent).toContain('Sam Turner');
    expect(within(first as HTMLElement).getByText('New message')).toBeTruthy();
    expect(within(notices()).getByRole('link', { name: 'New message from Sam T.' })).toBeTruthy();
  });

  it('shows a held message once a screen loads its lead', async () => {
    const backend = await signedIn();
    const other = await anotherLead(backend);
    const live = stubLive(backend, { live: [ORTIZ] });
    // On the reviews tab the console has not loaded any lead yet.
    renderApp(reviewsPath);
    await screen.findByRole('list', { name: 'Reviews' });
    await live.connected();
    live.send(
      'message',
      messageEvent(other.negotiationID, '770000000000000301', 'Can you come earlier?', other.name),
      1,
    );
    live.send('review', reviewEvent('660000000000000002'), 2);
    await within(notices()).findByText('New review from Jordan K.');
    expect(within(notices()).queryByText(/New message/)).toBeNull();

    const tabs = screen.getByRole('navigation', { name: 'Business sections' });
    fireEvent.click(within(tabs).getByRole('link', { name: 'Leads' }));
    await screen.findByRole('list', { name: 'Leads' });
    await waitFor(() => expect(within(leadRow(other.negotiationID)).getByText('New message')).toBeTruthy());
    expect(within(notices()).getByRole('link', { name: `New message from ${other.name}` })).toBeTruthy();
  });

  it('puts a new review at the top of the reviews list', async () => {
    const backend = await signedIn();
    const live = stubLive(backend, { live: [ORTIZ] });
    renderApp(reviewsPath);
    const list = await screen.findByRole('list', { name: 'Reviews' });
    await live.connected();
    expect(list.querySelectorAll(':scope > li')).toHaveLength(10);
    live.send('review', reviewEvent('660000000000000003', 'Lee M.', 'Fixed the door in ten minutes.'), 1);
    await within(notices()).findByText('New review from Lee M.');
    const cards = screen.getByRole('list', { name: 'Reviews' }).querySelectorAll(':scope > li');
    expect(cards).toHaveLength(11);
    expect(within(cards[0] as HTMLElement).getByRole('heading', { name: 'Lee M.' })).toBeTruthy();
    expect(within(cards[0] as HTMLElement).getByText('Fixed the door in ten minutes.')).toBeTruthy();
    // Not on the page of older reviews.
    fireEvent.click(screen.getByRole('link', { name: 'Older reviews' }));
    await waitFor(() => expect(screen.queryByText('Fixed the door in ten minutes.')).toBeNull());
  });

  it('shows an event delivered twice once', async () => {
    const backend = await signedIn();
    const live = stubLive(backend, { live: [ORTIZ] });
    renderApp(leadsPath);
    await screen.findByRole('list', { name: 'Leads' });
    await live.connected();
    const id = '880000000000000401';
    // Each twice, with ids of their own: as two webhooks (self-serve and API) deliver them.
    live.send('lead', leadEvent(id), 1);
    live.send('lead', leadEvent(id), 2);
    live.send('message', messageEvent(id, '770000000000000401', 'Hello?'), 3);
    live.send('message', messageEvent(id, '770000000000000401', 'Hello?'), 4);
    live.send('review', reviewEvent('660000000000000401'), 5);
    live.send('review', reviewEvent('660000000000000401'), 6);
    live.send('lead', leadEvent('880000000000000402', { firstName: 'Ana', lastName: 'Lopez' }), 7);
    await within(notices()).findByRole('link', { name: 'New lead from Ana L.' });

    expect(leadRows()).toHaveLength(12);
    expect(
      screen.getByRole('list', { name: 'Leads' }).querySelectorAll(`a[href="/leads/${id}"]`),
    ).toHaveLength(1);
    expect(within(leadRow(id)).getByText('New message')).toBeTruthy();
    expect(within(notices()).getAllByText('New message from Sam T.')).toHaveLength(1);
    expect(within(notices()).getAllByText('New review from Jordan K.')).toHaveLength(1);

    const tabs = screen.getByRole('navigation', { name: 'Business sections' });
    fireEvent.click(within(tabs).getByRole('link', { name: 'Reviews' }));
    const reviews = await screen.findByRole('list', { name: 'Reviews' });
    expect(within(reviews).getAllByText('Quick, tidy and friendly.')).toHaveLength(1);
  });
});

describe('live updates through the real BFF, with the fake Thumbtack delivering', () => {
  it('turns them on, shows a lead Thumbtack delivers messily (message first, twice), and turns them off', async () => {
    const backend = await signedIn();
    renderApp(leadsPath);
    const toggle = await liveSwitch();
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('true'));
    await expectStatus('Live');
    expect(backend.answerTo('POST', '/live/subscriptions')).toEqual({ businessID: ORTIZ, live: true });

    const result = await act(() =>
      backend.h.fake.control.simulate({
        event: 'negotiation',
        businessID: ORTIZ,
        messageFirst: true,
        duplicate: true,
      }),
    );
    const { negotiationID, customer } = result.negotiation;
    const name = `${customer.firstName} ${customer.lastName.charAt(0)}.`;
    await within(notices()).findByRole('link', { name: `New lead from ${name}` });
    expect(leadRows()[0]?.querySelector('a')?.getAttribute('href')).toBe(`/leads/${negotiationID}`);
    expect(
      screen.getByRole('list', { name: 'Leads' }).querySelectorAll(`a[href="/leads/${negotiationID}"]`),
    ).toHaveLength(1);
    expect(within(leadRow(negotiationID)).getByText('New message')).toBeTruthy();

    fireEvent.click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('false'));
    await expectStatus('Off');
    expect(backend.answerTo('DELETE', `/live/subscriptions/${ORTIZ}`)).toEqual({
      businessID: ORTIZ,
      live: false,
    });
  });

  it('shows a review Thumbtack delivers on the reviews list', async () => {
    const backend = await signedIn();
    await backend.call('POST', '/live/subscriptions', { businessID: ORTIZ });
    renderApp(reviewsPath);
    await screen.findByRole('list', { name: 'Reviews' });
    await expectStatus('Live');
    const { review } = await act(() =>
      backend.h.fake.control.simulate({ event: 'review', businessID: ORTIZ }),
    );
    await within(notices()).findByText(`New review from ${review.reviewerName}`);
    const [first] = screen.getByRole('list', { name: 'Reviews' }).querySelectorAll(':scope > li');
    expect(within(first as HTMLElement).getByText(review.reviewText)).toBeTruthy();
  });
});
