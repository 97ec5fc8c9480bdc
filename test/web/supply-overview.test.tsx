// @vitest-environment node
import './support/dom';
import { screen, within } from '@testing-library/react';
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

type Page<T> = { data: T[] };
type Lead = { status: string; createdAt: string };
type Review = { rating: number };

const [ORTIZ, EVERGREEN] = DEMO_ACCOUNTS.pro.businessIDs;

/** Every grant the demo pro gives except reading leads. */
const WITHOUT_LEADS = [
  'supply::businesses.list',
  'supply::messages.read',
  'supply::webhooks.read',
  'supply::businesses/associate-phone-numbers.read',
  'offline_access',
  'openid',
  'profile',
  'email',
].join(' ');

describe('supply overview', () => {
  it('counts leads by status and charts leads per week and review ratings', async () => {
    const backend = await signedIn();
    renderApp('/');
    const stats = await screen.findByText('All leads');
    const row = stats.closest('dl');
    if (!row) throw new Error('no stats');

    // The fake's demo pro: both businesses' leads and reviews, as the BFF passed them on.
    const leads = [ORTIZ, EVERGREEN].flatMap(
      (id) => backend.answerTo<Page<Lead>>('GET', `/api/v4/businesses/${id}/negotiations`).data,
    );
    const reviews = [ORTIZ, EVERGREEN].flatMap(
      (id) => backend.answerTo<Page<Review>>('GET', `/api/v4/businesses/${id}/reviews`).data,
    );
    expect(reviews).toHaveLength(18 + 6);
    const count = (status: string) => String(leads.filter((lead) => lead.status === status).length);
    const value = (label: string) => within(row).getByText(label).nextElementSibling?.textContent;
    expect(value('All leads')).toBe(String(leads.length));
    expect(value('Open')).toBe(count('Open'));
    expect(value('Hired')).toBe(count('Picked'));
    expect(value('Canceled')).toBe(count('Canceled'));
    expect(Number(value('Open'))).toBeGreaterThan(0);

    // Both charts are labelled images with their numbers in a table for screen readers. The demo
    // leads are all from the last three weeks.
    const leadsChart = screen.getByRole('img', { name: /Leads per week, last 8 weeks/ });
    expect(leadsChart.textContent).toContain(`${leads.length} leads in the last 8 weeks.`);
    const ratings = screen.getByRole('img', { name: /Reviews by rating/ });
    const stars = (n: number) => reviews.filter((review) => review.rating === n).length;
    expect(ratings.textContent).toContain(
      `5 stars: ${stars(5)}, 4 stars: ${stars(4)}, 3 stars: ${stars(3)}, 2 stars: ${stars(2)}, 1 star: ${stars(1)}`,
    );
    const average = Math.round((reviews.reduce((sum, r) => sum + r.rating, 0) / reviews.length) * 10) / 10;
    expect(
      screen.getByRole('img', {
        name: `${Number.isInteger(average) ? average : average.toFixed(1)} out of 5 stars`,
      }),
    ).toBeTruthy();

    // Open leads link straight to each business's inbox.
    const open = screen.getByRole('list', { name: 'Open leads by business' });
    expect(
      within(open)
        .getAllByRole('link')
        .map((link) => link.getAttribute('href')),
    ).toEqual([`/businesses/${ORTIZ}/leads`, `/businesses/${EVERGREEN}/leads`]);
  });

  it('shows an empty state when the pro has no businesses', async () => {
    const backend = await signedIn();
    // The fake's only pro has two businesses; a pro with none is Thumbtack's answer changed.
    backend.h.server.use(
      http.get(backend.thumbtackApi('/v4/businesses'), () =>
        HttpResponse.json({ data: [], pagination: { limit: 20 } }),
      ),
    );
    renderApp('/');
    expect(await screen.findByText('No businesses yet')).toBeTruthy();
    expect(backend.callsTo('GET', /\/negotiations$/)).toHaveLength(0);
  });

  it('shows an empty chart when no business has leads yet', async () => {
    const backend = await signedIn();
    // Every seeded business has leads and the API cannot delete one: the list answer is changed.
    backend.h.server.use(
      http.get(backend.thumbtackApi('/v4/businesses/:businessID/negotiations'), () =>
        HttpResponse.json({ data: [], pagination: { limit: 50, offset: 0 } }),
      ),
    );
    renderApp('/');
    expect(await screen.findByText('No leads yet')).toBeTruthy();
    const row = screen.getByText('All leads').closest('dl');
    expect(row && within(row).getByText('All leads').nextElementSibling?.textContent).toBe('0');
    expect(screen.queryByRole('list', { name: 'Open leads by business' })).toBeNull();
    // The reviews still come from the fake.
    expect(screen.getByRole('img', { name: /Reviews by rating/ })).toBeTruthy();
  });

  it('shows an empty rating summary when no business has reviews yet', async () => {
    const backend = await signedIn();
    // Every seeded business has reviews and nothing removes one: the list answer is changed.
    backend.h.server.use(
      http.get(backend.thumbtackApi('/v4/businesses/:businessID/reviews'), () =>
        HttpResponse.json({ data: [], pagination: { limit: 50, offset: 0 } }),
      ),
    );
    renderApp('/');
    expect(await screen.findByText('No reviews yet.')).toBeTruthy();
    expect(screen.getByRole('img', { name: /Leads per week/ })).toBeTruthy();
  });

  it('explains a missing scope in words', async () => {
    const backend = await signedIn({ env: { THUMBTACK_SCOPES: WITHOUT_LEADS } });
    renderApp('/');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'Your Thumbtack connection does not allow reading your leads and reviews',
    );
    // Retrying cannot help: the grant has to change.
    expect(within(alert).queryByRole('button')).toBeNull();
    // The BFF refused before calling Thumbtack; the businesses still show.
    const refused = backend.exchanges.find((item) => item.status === 403);
    expect(JSON.parse(refused?.body ?? '{}').error.code).toBe('insufficient_scope');
    expect(screen.getByRole('heading', { name: 'Ortiz Handyman & Repair' })).toBeTruthy();
  });

  it('sends a marketplace account to finding a pro instead', async () => {
    await signedIn({ side: 'demand' });
    const { router } = renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a pro' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/find');
  });
});
