// @vitest-environment happy-dom
// @vitest-environment-options {"url":"http://localhost/"}
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bff, bffError, http, setSession, signedIn, standIn } from './support/bff-stand-in';
import { installBffStandIn, renderApp } from './support/render-app';

installBffStandIn();

describe('supply overview', () => {
  it('counts leads by status and charts leads per week and review ratings', async () => {
    setSession(signedIn('supply'));
    renderApp('/');
    const stats = await screen.findByText('All leads');
    const row = stats.closest('dl');
    if (!row) throw new Error('no stats');
    const value = (label: string) => within(row).getByText(label).nextElementSibling?.textContent;
    expect(value('All leads')).toBe('3');
    expect(value('Open')).toBe('1');
    expect(value('Hired')).toBe('1');
    expect(value('Canceled')).toBe('1');

    // Both charts are labelled images with their numbers in a table for screen readers.
    const leadsChart = screen.getByRole('img', { name: /Leads per week, last 8 weeks/ });
    expect(leadsChart.textContent).toContain('3 leads in the last 8 weeks.');
    const ratings = screen.getByRole('img', { name: /Reviews by rating/ });
    expect(ratings.textContent).toContain('5 stars: 1, 4 stars: 1');
    expect(screen.getByRole('img', { name: '4.5 out of 5 stars' })).toBeTruthy();

    // Open leads link straight to the business's inbox.
    const open = screen.getByRole('list', { name: 'Open leads by business' });
    expect(within(open).getByRole('link').getAttribute('href')).toBe('/businesses/590297085345701895/leads');
  });

  it('shows empty states when the pro has no businesses', async () => {
    setSession(signedIn('supply'));
    bff.use(
      http.get('http://localhost/api/v4/businesses', () =>
        Response.json({ data: [], pagination: { limit: 20 } }),
      ),
    );
    renderApp('/');
    expect(await screen.findByText('No businesses yet')).toBeTruthy();
  });

  it('shows an empty chart state when no business has leads', async () => {
    setSession(signedIn('supply'));
    standIn.setLeads([]);
    standIn.setReviews([]);
    renderApp('/');
    expect(await screen.findByText('No leads yet')).toBeTruthy();
    expect(screen.getByText('No reviews yet.')).toBeTruthy();
  });

  it('explains a missing scope in words', async () => {
    setSession(signedIn('supply'));
    bff.use(
      http.get('http://localhost/api/v4/businesses/:id/negotiations', () =>
        bffError(403, 'insufficient_scope', 'Missing scope.'),
      ),
    );
    renderApp('/');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'Your Thumbtack connection does not allow reading your leads and reviews',
    );
    // Retrying cannot help: the grant has to change.
    expect(within(alert).queryByRole('button')).toBeNull();
  });

  it('sends a marketplace account to finding a pro instead', async () => {
    setSession(signedIn('demand'));
    const { router } = renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a pro' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/find');
  });
});
