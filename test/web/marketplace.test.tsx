// @vitest-environment happy-dom
// @vitest-environment-options {"url":"http://localhost/"}
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { browser } from '../../web/lib/browser';
import {
  bff,
  bffError,
  CATEGORY_ID,
  callsTo,
  DEMAND_NEGOTIATION_ID,
  http,
  pros,
  SEARCH_ID,
  setSession,
  signedIn,
} from './support/bff-stand-in';
import { installBffStandIn, renderApp } from './support/render-app';

installBffStandIn();

const formPath = `/categories/${CATEGORY_ID}/request?searchID=${SEARCH_ID}&zip=94117&businessID=${pros[0]?.businessID}`;

describe('finding a pro', () => {
  it('suggests keywords as a combobox after a pause, without sign-in', async () => {
    renderApp('/find');
    const box = await screen.findByRole('combobox', { name: 'What do you need done?' });
    fireEvent.change(box, { target: { value: 'car' } });
    const listbox = await screen.findByRole('listbox');
    expect(
      within(listbox)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Carpet Cleaning', 'Car Detailing']);
    expect(box.getAttribute('aria-expanded')).toBe('true');
    // One request for the settled text, not one per keystroke.
    expect(callsTo('GET', '/api/v4/keywords/search')).toHaveLength(1);
    expect(
      new URL(callsTo('GET', '/api/v4/keywords/search')[0]?.url ?? '').searchParams.get('searchQuery'),
    ).toBe('car');

    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    const active = box.getAttribute('aria-activedescendant');
    expect(active && document.getElementById(active)?.textContent).toBe('Car Detailing');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect((box as HTMLInputElement).value).toBe('Car Detailing');
    expect(box.getAttribute('aria-expanded')).toBe('false');
  });

  it('searches pros and shows rating, reviews, the Top Pro badge and starting cost', async () => {
    const { router } = renderApp('/find');
    fireEvent.change(await screen.findByRole('combobox'), { target: { value: 'house cleaning' } });
    fireEvent.change(screen.getByLabelText('Zip code'), { target: { value: '94117' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));

    const results = await screen.findByRole('list', { name: 'Pros' });
    expect(router.state.location.search).toBe('?q=house+cleaning&zip=94117');
    const sparkle = within(results).getByRole('article', { name: 'Sparkle Home Services' });
    expect(within(sparkle).getByRole('img', { name: '4.9 out of 5 stars' })).toBeTruthy();
    expect(within(sparkle).getByText('128 reviews')).toBeTruthy();
    expect(within(sparkle).getByText('Top Pro')).toBeTruthy();
    expect(within(sparkle).getByText('$120 / visit')).toBeTruthy();
    expect(within(sparkle).getByRole('link', { name: 'Read reviews' }).getAttribute('href')).toBe(
      '/pros/468046965846925400/reviews?name=Sparkle%20Home%20Services',
    );
    const bayTidy = within(results).getByRole('article', { name: 'Bay Tidy Co.' });
    expect(within(bayTidy).queryByText('Top Pro')).toBeNull();

    const [search] = callsTo('POST', '/api/v4/businesses/search');
    expect(await search?.json()).toEqual({
      searchQuery: 'house cleaning',
      zipCode: '94117',
      limit: 10,
    });
    // The partner's utm_source is the BFF's to add; the browser never names it.
    const [suggested] = callsTo('GET', '/api/v4/categories/recommendations');
    expect(new URL(suggested?.url ?? '').searchParams.has('utmData[utm_source]')).toBe(false);

    // Popular services for the zip code come along.
    const popular = await screen.findByRole('link', { name: /Handyman/ });
    expect(popular.getAttribute('href')).toBe('/find?q=Handyman&categoryID=109125193401647362&zip=94117');

    // Choosing pros leads to the category's request form.
    fireEvent.click(within(sparkle).getByLabelText('Ask Sparkle Home Services for a quote'));
    fireEvent.click(screen.getByRole('button', { name: 'Request quotes' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Request quotes' })).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/categories/${CATEGORY_ID}/request`);
    expect(screen.getByText('Your request goes to Sparkle Home Services.')).toBeTruthy();
  });

  it('shows an empty state when no pro matches', async () => {
    renderApp('/find?q=llama+grooming&zip=94117');
    expect(await screen.findByText('No pros found')).toBeTruthy();
  });

  it('shows an error with a retry when search fails', async () => {
    bff.use(
      http.post('http://localhost/api/v4/businesses/search', () =>
        bffError(502, 'thumbtack_error', 'Upstream.'),
      ),
    );
    renderApp('/find?q=cleaning&zip=94117');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Thumbtack had a problem');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('asks for five digits when the zip code is wrong', async () => {
    renderApp('/find?q=cleaning&zip=94');
    expect((await screen.findByRole('alert')).textContent).toContain('is not a zip code');
    expect(callsTo('POST', '/api/v4/businesses/search')).toHaveLength(0);
  });
});

describe('a pro’s reviews', () => {
  it('shows the rating summary and the reviews', async () => {
    renderApp('/pros/468046965846925400/reviews?name=Sparkle%20Home%20Services');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Reviews of Sparkle Home Services' }),
    ).toBeTruthy();
    expect(await screen.findByText('The crew did an amazing job.')).toBeTruthy();
    expect(screen.getByRole('img', { name: /Reviews by rating/ })).toBeTruthy();
    // Read-only for a marketplace visitor.
    expect(screen.queryByRole('button', { name: 'Reply publicly' })).toBeNull();
  });

  it('shows an empty state', async () => {
    renderApp('/pros/468046965846925323/reviews');
    expect(await screen.findByText('No reviews yet')).toBeTruthy();
  });
});

describe('the request form', () => {
  it('checks answers against the question constraints', async () => {
    setSession(signedIn('demand'));
    renderApp(formPath);
    const question = await screen.findByRole('group', { name: 'What kind of cleaning do you need?' });
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(within(question).getByText('Please choose an answer.')).toBeTruthy();
    expect(document.activeElement).toBe(question);

    for (const answer of ['Standard cleaning', 'Deep cleaning', 'Move-out cleaning']) {
      fireEvent.click(within(question).getByLabelText(answer));
    }
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(within(question).getByText('Please choose at most 2 answers.')).toBeTruthy();
    expect(callsTo('POST', '/api/v4/requests')).toHaveLength(0);
  });

  it('saves the answers, signs in, restores them and sends the request', async () => {
    const assign = vi.spyOn(browser, 'assign').mockImplementation(() => undefined);
    const first = renderApp(formPath);
    const question = await screen.findByRole('group', { name: 'What kind of cleaning do you need?' });
    fireEvent.click(within(question).getByLabelText('Deep cleaning'));
    fireEvent.change(screen.getByLabelText('Anything else the pro should know? (optional)'), {
      target: { value: 'Two cats at home.' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in and send request' }));

    expect(assign).toHaveBeenCalledWith(`/auth/login?returnTo=${encodeURIComponent(formPath)}`);
    const saved = Object.keys(window.sessionStorage).find((key) => key.startsWith('tt-console:answers:'));
    expect(saved).toBe(`tt-console:answers:${formPath}`);
    // Answers only: question ids to answer ids or text.
    expect(JSON.parse(window.sessionStorage.getItem(saved ?? '') ?? '{}')).toEqual({
      '326918438863339640': ['316487650924830879'],
      '326918438863339641': 'Two cats at home.',
    });
    first.unmount();

    // Back from Thumbtack's consent, signed in.
    setSession(signedIn('demand'));
    renderApp(formPath);
    expect(await screen.findByText(/We kept your answers/)).toBeTruthy();
    const restored = screen.getByRole('group', { name: 'What kind of cleaning do you need?' });
    expect((within(restored).getByLabelText('Deep cleaning') as HTMLInputElement).checked).toBe(true);
    expect(
      (screen.getByLabelText('Anything else the pro should know? (optional)') as HTMLTextAreaElement).value,
    ).toBe('Two cats at home.');
    expect(window.sessionStorage.getItem(`tt-console:answers:${formPath}`)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(await screen.findByRole('heading', { name: 'Your request was sent' })).toBeTruthy();
    const [sent] = callsTo('POST', '/api/v4/requests');
    expect(await sent?.json()).toEqual({
      searchID: SEARCH_ID,
      businessIDs: [pros[0]?.businessID],
      categoryID: CATEGORY_ID,
      zipCode: '94117',
      requestFormDetails: [
        { questionID: '326918438863339640', answers: ['316487650924830879'] },
        { questionID: '326918438863339641', answers: ['Two cats at home.'] },
      ],
    });
    const contacted = screen.getByRole('list', { name: 'Pros contacted' });
    expect(within(contacted).getByText('Sparkle Home Services')).toBeTruthy();
    expect(within(contacted).getByRole('link', { name: 'Message' }).getAttribute('href')).toBe(
      `/messages/${DEMAND_NEGOTIATION_ID}`,
    );
  });

  it('asks to start from a search when no pros were chosen', async () => {
    renderApp(`/categories/${CATEGORY_ID}/request`);
    expect(await screen.findByText('Choose pros first')).toBeTruthy();
  });

  it('shows an error with a retry when the form cannot load', async () => {
    bff.use(
      http.get('http://localhost/api/v4/categories/:id/request-form', () =>
        bffError(504, 'thumbtack_timeout'),
      ),
    );
    renderApp(formPath);
    expect((await screen.findByRole('alert')).textContent).toContain('Thumbtack did not respond in time');
  });
});

describe('the customer’s messages', () => {
  it('shows an empty state before any request', async () => {
    setSession(signedIn('demand'));
    renderApp('/messages');
    expect(await screen.findByText('No conversations yet')).toBeTruthy();
  });

  it('lists conversations from requests sent in this tab and opens a thread', async () => {
    setSession(signedIn('demand'));
    window.sessionStorage.setItem(
      'tt-console:conversations',
      JSON.stringify([
        {
          negotiationID: DEMAND_NEGOTIATION_ID,
          businessName: 'Sparkle Home Services',
          categoryName: 'House Cleaning',
        },
      ]),
    );
    renderApp('/messages');
    fireEvent.click(await screen.findByRole('link', { name: /Sparkle Home Services/ }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sparkle Home Services' })).toBeTruthy();
    const box = await screen.findByLabelText('Message to Sparkle Home Services');
    fireEvent.change(box, { target: { value: 'When can you come?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const thread = screen.getByRole('list', { name: 'Messages' });
    await waitFor(() => expect(within(thread).queryByText('Sending…')).toBeNull());
    const mine = within(thread).getByText('When can you come?').closest('li');
    expect(mine?.className).toContain('bubble--mine');
  });

  it('shows an error when the conversation cannot be read', async () => {
    setSession(signedIn('demand'));
    bff.use(http.get('http://localhost/api/v4/negotiations/:id', () => bffError(403, 'insufficient_scope')));
    renderApp(`/messages/${DEMAND_NEGOTIATION_ID}`);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Your Thumbtack connection does not allow seeing the pros you contacted',
    );
  });
});
