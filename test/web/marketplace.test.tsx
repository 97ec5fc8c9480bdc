// @vitest-environment node
import './support/dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { browser } from '../../web/lib/browser';
import { forgetAnswers, peekAnswers, saveAnswers } from '../../web/lib/tab-storage';
import {
  DEMO_ACCOUNTS,
  HttpResponse,
  http,
  installConsoleBackend,
  signedIn,
  signedOut,
} from './support/console-backend';
import { renderApp } from './support/render-app';

installConsoleBackend();

type Pro = {
  businessID: string;
  businessName: string;
  rating: number;
  numberOfReviews: number;
  isTopPro: boolean;
};
type Search = { searchID: string; data: Pro[] };
type Question = {
  questionID: string;
  prompt: string;
  answers: { answerID: string; value: string }[];
  validationConstraints: Record<string, number>;
};
type Review = { reviewText: string };
type CreatedRequest = {
  request: { requestID: string; contactedBusinesses: { businessID: string; negotiationID: string }[] };
};

const demand = { side: 'demand' } as const;
const HANDYMAN = '109125193401647362';
const HOUSE_CLEANING = '219264413294461288';
const [ORTIZ] = DEMO_ACCOUNTS.pro.businessIDs;
/** Priya Shah's TV-mounting request to Ortiz Handyman & Repair: three messages so far. */
const [PRIYA_TO_ORTIZ] = DEMO_ACCOUNTS.customer.negotiationIDs;

/** Every grant the demo customer gives except seeing the pros contacted. */
const WITHOUT_NEGOTIATIONS = [
  'demand::requests.write',
  'demand::users.read',
  'demand::messages.read',
  'demand::messages.write',
  'offline_access',
  'openid',
  'profile',
  'email',
].join(' ');

const rating = (value: number) => `${Number.isInteger(value) ? value : value.toFixed(1)} out of 5 stars`;

describe('finding a pro', () => {
  it('suggests keywords as a combobox after a pause, without sign-in', async () => {
    const backend = signedOut(demand);
    renderApp('/find');
    const box = await screen.findByRole('combobox', { name: 'What do you need done?' });
    fireEvent.change(box, { target: { value: 'lawn' } });
    const listbox = await screen.findByRole('listbox');
    expect(
      within(listbox)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Lawn Mowing', 'Lawn Care']);
    expect(box.getAttribute('aria-expanded')).toBe('true');
    // One request for the settled text, not one per keystroke.
    const calls = backend.callsTo('GET', '/api/v4/keywords/search');
    expect(calls).toHaveLength(1);
    expect(new URL(calls[0]?.url ?? '').searchParams.get('searchQuery')).toBe('lawn');

    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    const active = box.getAttribute('aria-activedescendant');
    expect(active && document.getElementById(active)?.textContent).toBe('Lawn Care');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect((box as HTMLInputElement).value).toBe('Lawn Care');
    expect(box.getAttribute('aria-expanded')).toBe('false');
  });

  it('searches pros and shows rating, reviews, the Top Pro badge and starting cost', async () => {
    const backend = signedOut(demand);
    const { router } = renderApp('/find');
    fireEvent.change(await screen.findByRole('combobox'), { target: { value: 'handyman' } });
    fireEvent.change(screen.getByLabelText('Zip code'), { target: { value: '78704' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));

    const results = await screen.findByRole('list', { name: 'Pros' });
    expect(router.state.location.search).toBe('?q=handyman&zip=78704');
    const { data: pros } = backend.answerTo<Search>('POST', '/api/v4/businesses/search');
    expect(pros.map((pro) => pro.businessName).sort()).toEqual([
      'Barton Creek Handyman',
      'Ortiz Handyman & Repair',
    ]);
    for (const pro of pros) {
      const card = within(results).getByRole('article', { name: pro.businessName });
      expect(within(card).getByRole('img', { name: rating(pro.rating) })).toBeTruthy();
      expect(within(card).getByText(`${pro.numberOfReviews} reviews`)).toBeTruthy();
      expect(within(card).queryByText('Top Pro') !== null).toBe(pro.isTopPro);
      expect(within(card).getByRole('link', { name: 'Read reviews' }).getAttribute('href')).toBe(
        `/pros/${pro.businessID}/reviews?name=${encodeURIComponent(pro.businessName)}`,
      );
    }
    const ortiz = within(results).getByRole('article', { name: 'Ortiz Handyman & Repair' });
    expect(within(ortiz).getByText('18 reviews')).toBeTruthy();
    expect(within(ortiz).getByText('$85.00 / hour')).toBeTruthy();

    const [search] = backend.callsTo('POST', '/api/v4/businesses/search');
    expect(await search?.json()).toEqual({ searchQuery: 'handyman', zipCode: '78704', limit: 10 });
    // The partner's utm_source is the BFF's to add; the browser never names it.
    const [suggested] = backend.callsTo('GET', '/api/v4/categories/recommendations');
    expect(new URL(suggested?.url ?? '').searchParams.has('utmData[utm_source]')).toBe(false);

    // Popular services for the zip code come along.
    const { data: popular } = backend.answerTo<{ data: { categoryID: string; name: string }[] }>(
      'GET',
      '/api/v4/categories/recommendations',
    );
    const [top] = popular;
    if (!top) throw new Error('no popular services');
    const chip = await screen.findByRole('link', { name: new RegExp(`^${top.name}`) });
    expect(chip.getAttribute('href')).toBe(
      `/find?q=${encodeURIComponent(top.name).replace(/%20/g, '+')}&categoryID=${top.categoryID}&zip=78704`,
    );

    // Choosing pros leads to the category's request form.
    fireEvent.click(within(ortiz).getByLabelText('Ask Ortiz Handyman & Repair for a quote'));
    fireEvent.click(screen.getByRole('button', { name: 'Request quotes' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Request quotes' })).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/categories/${HANDYMAN}/request`);
    expect(screen.getByText('Your request goes to Ortiz Handyman & Repair.')).toBeTruthy();
    expect(await screen.findByRole('group', { name: 'What kind of work would you like done?' })).toBeTruthy();
  });

  it('shows an empty state when no pro matches', async () => {
    signedOut(demand);
    renderApp('/find?q=xylophone+tuning&zip=78704');
    expect(await screen.findByText('No pros found')).toBeTruthy();
  });

  it('shows an error with a retry when search fails, and recovers', async () => {
    const backend = signedOut(demand);
    backend.h.fake.control.setFaults({ api: { status: 503 } });
    renderApp('/find?q=handyman&zip=78704');
    // The results and the popular services each say what happened.
    const [alert] = await screen.findAllByRole('alert');
    if (!alert) throw new Error('no alert');
    expect(alert.textContent).toContain('Thumbtack had a problem');
    backend.h.fake.control.setFaults({});
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Pros' })).toBeTruthy();
    await waitFor(() => expect(screen.queryAllByRole('alert')).toHaveLength(0));
  });

  it('asks for five digits when the zip code is wrong', async () => {
    const backend = signedOut(demand);
    renderApp('/find?q=handyman&zip=78');
    expect((await screen.findByRole('alert')).textContent).toContain('is not a zip code');
    expect(backend.callsTo('POST', '/api/v4/businesses/search')).toHaveLength(0);
  });
});

describe('a pro’s reviews', () => {
  const path = `/pros/${ORTIZ}/reviews?name=${encodeURIComponent('Ortiz Handyman & Repair')}`;

  it('shows the rating summary and the reviews', async () => {
    const backend = signedOut(demand);
    renderApp(path);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Reviews of Ortiz Handyman & Repair' }),
    ).toBeTruthy();
    await screen.findByRole('list', { name: 'Reviews' });
    const { data } = backend.answerTo<{ data: Review[] }>('GET', `/api/v4/businesses/${ORTIZ}/reviews`);
    expect(screen.getByText(data[0]?.reviewText ?? '')).toBeTruthy();
    expect(screen.getByRole('img', { name: /Reviews by rating/ })).toBeTruthy();
    expect(screen.getByText('from 10 reviews')).toBeTruthy();
    // Read-only for a marketplace visitor.
    expect(screen.queryByRole('button', { name: 'Reply publicly' })).toBeNull();
  });

  it('shows an empty state', async () => {
    const backend = signedOut(demand);
    // Every pro in the fake has reviews: the list answer is changed.
    backend.h.server.use(
      http.get(backend.thumbtackApi(`/v4/businesses/${ORTIZ}/reviews`), () =>
        HttpResponse.json({ data: [], pagination: { limit: 10, offset: 0 } }),
      ),
    );
    renderApp(path);
    expect(await screen.findByText('No reviews yet')).toBeTruthy();
    expect(screen.queryByRole('img', { name: /Reviews by rating/ })).toBeNull();
  });

  it('shows an error with a retry', async () => {
    const backend = signedOut(demand);
    backend.h.fake.control.setFaults({ api: { status: 503, times: 1 } });
    renderApp(path);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Thumbtack had a problem');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Reviews' })).toBeTruthy();
  });
});

describe('the request form', () => {
  /** A search as the find screen makes it, and the form address it leads to. */
  async function searchHouseCleaning(backend: ReturnType<typeof signedOut>) {
    const search = await backend.call<Search>('POST', '/api/v4/businesses/search', {
      searchQuery: 'house cleaning',
      zipCode: '78745',
      limit: 10,
    });
    const [pro] = search.data;
    if (!pro) throw new Error('no house cleaner in the fake');
    return `/categories/${HOUSE_CLEANING}/request?searchID=${search.searchID}&zip=78745&businessID=${pro.businessID}`;
  }

  it('asks for an answer to every question before anything is sent', async () => {
    const backend = signedOut(demand);
    renderApp(await searchHouseCleaning(backend));
    const first = await screen.findByRole('group', { name: 'How many bedrooms?' });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in and send request' }));
    expect(within(first).getByText('Please choose an answer.')).toBeTruthy();
    expect(document.activeElement).toBe(first);
    expect(
      within(screen.getByRole('group', { name: 'Any extras?' })).getByText('Please choose an answer.'),
    ).toBeTruthy();
    expect(backend.callsTo('POST', '/api/v4/requests')).toHaveLength(0);
  });

  it('checks a question’s maximum number of answers', async () => {
    const backend = signedOut(demand);
    const formPath = await searchHouseCleaning(backend);
    // The fake's forms allow every answer of a checkbox question; this one is the fake's House
    // Cleaning form with "Any extras?" limited to two.
    const formUrl = `/api/v4/categories/${HOUSE_CLEANING}/request-form`;
    const form = await backend.call<{ questions: Question[] }>('GET', formUrl);
    for (const question of form.questions) {
      if (question.prompt === 'Any extras?') question.validationConstraints.maximumAnswersSelected = 2;
    }
    backend.h.server.use(
      http.get(backend.thumbtackApi(`/v4/categories/${HOUSE_CLEANING}/request-form`), () =>
        HttpResponse.json(form),
      ),
    );
    renderApp(formPath);
    const extras = await screen.findByRole('group', { name: 'Any extras?' });
    expect(within(extras).getByText('Choose up to 2.')).toBeTruthy();
    for (const answer of ['Inside the fridge', 'Inside the oven', 'Windows']) {
      fireEvent.click(within(extras).getByLabelText(answer));
    }
    fireEvent.click(screen.getByRole('button', { name: 'Sign in and send request' }));
    expect(within(extras).getByText('Please choose at most 2 answers.')).toBeTruthy();
  });

  it('reads saved answers without forgetting them: a render React throws away must not lose them', () => {
    const formPath = '/categories/1/request?searchID=2&zip=78745&businessID=3';
    saveAnswers(formPath, { q1: 'a1', q2: ['a2', 'a3'] });
    // A render that is discarded (a sibling suspended) reads them, and so does the one that commits.
    expect(peekAnswers(formPath)).toEqual({ q1: 'a1', q2: ['a2', 'a3'] });
    expect(peekAnswers(formPath)).toEqual({ q1: 'a1', q2: ['a2', 'a3'] });
    forgetAnswers(formPath);
    expect(peekAnswers(formPath)).toBeUndefined();
    expect(window.sessionStorage.getItem(`tt-console:answers:${formPath}`)).toBeNull();
  });

  it('saves the answers, signs in, restores them and sends the request', async () => {
    const assign = vi.spyOn(browser, 'assign').mockImplementation(() => undefined);
    const backend = signedOut(demand);
    const first = renderApp('/find?q=house+cleaning&zip=78745');
    const results = await screen.findByRole('list', { name: 'Pros' });
    fireEvent.click(within(results).getByLabelText('Ask Sparkle & Shine Cleaning for a quote'));
    fireEvent.click(screen.getByRole('button', { name: 'Request quotes' }));
    expect(await screen.findByText('Your request goes to Sparkle & Shine Cleaning.')).toBeTruthy();
    const { location } = first.router.state;
    const formPath = `${location.pathname}${location.search}`;
    const { searchID, data } = backend.answerTo<Search>('POST', '/api/v4/businesses/search');
    const sparkle = data.find((pro) => pro.businessName === 'Sparkle & Shine Cleaning');
    expect(formPath).toBe(
      `/categories/${HOUSE_CLEANING}/request?searchID=${searchID}&zip=78745&businessID=${sparkle?.businessID}`,
    );

    const choose = (prompt: string, answer: string) =>
      fireEvent.click(within(screen.getByRole('group', { name: prompt })).getByLabelText(answer));
    await screen.findByRole('group', { name: 'How many bedrooms?' });
    choose('How many bedrooms?', '2 bedrooms');
    choose('Frequency of services', 'Every other week');
    choose('Any extras?', 'Windows');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in and send request' }));

    expect(assign).toHaveBeenCalledWith(`/auth/login?returnTo=${encodeURIComponent(formPath)}`);
    const { questions } = backend.answerTo<{ questions: Question[] }>(
      'GET',
      `/api/v4/categories/${HOUSE_CLEANING}/request-form`,
    );
    const idOf = (prompt: string, value: string) => {
      const question = questions.find((item) => item.prompt === prompt);
      const answer = question?.answers.find((item) => item.value === value);
      return { questionID: question?.questionID ?? '', answerID: answer?.answerID ?? '' };
    };
    const bedrooms = idOf('How many bedrooms?', '2 bedrooms');
    const frequency = idOf('Frequency of services', 'Every other week');
    const extras = idOf('Any extras?', 'Windows');
    // Answers only: question ids to answer ids.
    expect(JSON.parse(window.sessionStorage.getItem(`tt-console:answers:${formPath}`) ?? '{}')).toEqual({
      [bedrooms.questionID]: bedrooms.answerID,
      [frequency.questionID]: frequency.answerID,
      [extras.questionID]: [extras.answerID],
    });
    first.unmount();

    // Thumbtack's consent, then back at the form, signed in.
    await backend.signIn();
    renderApp(formPath);
    expect(await screen.findByText(/We kept your answers/)).toBeTruthy();
    const checked = (prompt: string, answer: string) =>
      (within(screen.getByRole('group', { name: prompt })).getByLabelText(answer) as HTMLInputElement)
        .checked;
    expect(checked('How many bedrooms?', '2 bedrooms')).toBe(true);
    expect(checked('Frequency of services', 'Every other week')).toBe(true);
    expect(checked('Any extras?', 'Windows')).toBe(true);
    expect(window.sessionStorage.getItem(`tt-console:answers:${formPath}`)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(await screen.findByRole('heading', { name: 'Your request was sent' })).toBeTruthy();
    const [sent] = backend.callsTo('POST', '/api/v4/requests');
    expect(await sent?.json()).toEqual({
      searchID,
      businessIDs: [sparkle?.businessID],
      categoryID: HOUSE_CLEANING,
      zipCode: '78745',
      requestFormDetails: [
        { questionID: bedrooms.questionID, answers: [bedrooms.answerID] },
        { questionID: frequency.questionID, answers: [frequency.answerID] },
        { questionID: extras.questionID, answers: [extras.answerID] },
      ],
    });
    const { request } = backend.answerTo<CreatedRequest>('POST', '/api/v4/requests');
    expect(screen.getByText(request.requestID)).toBeTruthy();
    // Thumbtack names the pros contacted and the conversation opened with each.
    const contacted = screen.getByRole('list', { name: 'Pros contacted' });
    const [opened] = request.contactedBusinesses;
    expect(opened?.businessID).toBe(sparkle?.businessID);
    expect(within(contacted).getByText('Sparkle & Shine Cleaning')).toBeTruthy();
    expect(within(contacted).getByRole('link', { name: 'Message' }).getAttribute('href')).toBe(
      `/messages/${opened?.negotiationID}`,
    );
    // The tab remembers the conversation: it is listed under Messages.
    fireEvent.click(screen.getByRole('link', { name: 'Go to messages' }));
    const conversations = await screen.findByRole('list', { name: 'Conversations' });
    expect(
      within(conversations)
        .getByRole('link', { name: /Sparkle & Shine Cleaning/ })
        .getAttribute('href'),
    ).toBe(`/messages/${opened?.negotiationID}`);
  });

  it('asks to start from a search when no pros were chosen', async () => {
    signedOut(demand);
    renderApp(`/categories/${HOUSE_CLEANING}/request`);
    expect(await screen.findByText('Choose pros first')).toBeTruthy();
  });

  it('shows an error with a retry when the form cannot load', async () => {
    const backend = signedOut(demand);
    const formPath = await searchHouseCleaning(backend);
    backend.h.fake.control.setFaults({ api: { status: 503, times: 1 } });
    renderApp(formPath);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Thumbtack had a problem');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('group', { name: 'How many bedrooms?' })).toBeTruthy();
  });
});

describe('the customer’s messages', () => {
  it('shows an empty state before any request', async () => {
    await signedIn(demand);
    renderApp('/messages');
    expect(await screen.findByText('No conversations yet')).toBeTruthy();
  });

  it('lists conversations from requests sent in this tab and opens a thread', async () => {
    const backend = await signedIn(demand);
    window.sessionStorage.setItem(
      'tt-console:conversations',
      JSON.stringify([
        {
          negotiationID: PRIYA_TO_ORTIZ,
          businessName: 'Ortiz Handyman & Repair',
          categoryName: 'TV Mounting',
        },
      ]),
    );
    renderApp('/messages');
    fireEvent.click(await screen.findByRole('link', { name: /Ortiz Handyman & Repair/ }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Ortiz Handyman & Repair' })).toBeTruthy();
    expect(screen.getByText('TV Mounting')).toBeTruthy();
    const thread = await screen.findByRole('list', { name: 'Messages' });
    expect(within(thread).getByText(/^Hi Priya, thanks for reaching out/)).toBeTruthy();
    expect(within(thread).getAllByRole('listitem')).toHaveLength(3);

    const box = await screen.findByLabelText('Message to Ortiz Handyman & Repair');
    fireEvent.change(box, { target: { value: 'When can you come?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(within(thread).queryByText('Sending…')).toBeNull());
    const mine = within(thread).getByText('When can you come?').closest('li');
    expect(mine?.className).toContain('bubble--mine');
    expect(backend.answerTo('POST', `/api/v4/negotiations/${PRIYA_TO_ORTIZ}/messages`)).toMatchObject({
      from: 'Customer',
      text: 'When can you come?',
    });
  });

  it('shows an empty thread before anyone wrote', async () => {
    const backend = await signedIn(demand);
    // A request just sent opens a conversation with no messages yet.
    const search = await backend.call<Search>('POST', '/api/v4/businesses/search', {
      searchQuery: 'house cleaning',
      zipCode: '78745',
      limit: 10,
    });
    const created = await backend.call<CreatedRequest>('POST', '/api/v4/requests', {
      searchID: search.searchID,
      businessIDs: search.data.map((pro) => pro.businessID),
      categoryID: HOUSE_CLEANING,
      zipCode: '78745',
    });
    const [opened] = created.request.contactedBusinesses;
    renderApp(`/messages/${opened?.negotiationID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Sparkle & Shine Cleaning' })).toBeTruthy();
    expect(await screen.findByText('No messages yet. Say hello to Sparkle & Shine Cleaning.')).toBeTruthy();
  });

  it('shows an error when the conversation cannot be read', async () => {
    await signedIn({ ...demand, env: { THUMBTACK_SCOPES: WITHOUT_NEGOTIATIONS } });
    renderApp(`/messages/${PRIYA_TO_ORTIZ}`);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Your Thumbtack connection does not allow seeing the pros you contacted',
    );
  });
});
