// @vitest-environment node
import './support/dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  type Backend,
  DEMO_ACCOUNTS,
  HttpResponse,
  http,
  installConsoleBackend,
  signedIn,
  signedOut,
} from './support/console-backend';
import { renderApp } from './support/render-app';

installConsoleBackend();

// Every form control is named by its label, marked aria-invalid while its value needs fixing, and
// described (aria-describedby) by its hint and by the error that says what to fix. Each form's
// errors are produced here the way a person produces them, on the real screen.

const [ORTIZ] = DEMO_ACCOUNTS.pro.businessIDs;
const LONG_LEAD = DEMO_ACCOUNTS.pro.longThreadNegotiationID;
const HOUSE_CLEANING = '219264413294461288';
const demand = { side: 'demand' } as const;

function describedBy(control: Element): Element[] {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => {
    const element = document.getElementById(id);
    if (!element) throw new Error(`aria-describedby names a missing element: ${id}`);
    return element;
  });
}

/** The control is marked invalid and described by an error (announced) with these words. */
function expectInvalid(control: Element, words: string | RegExp) {
  expect(control.getAttribute('aria-invalid')).toBe('true');
  const errors = describedBy(control).filter((element) => element.classList.contains('field__error'));
  expect(errors.map((element) => element.textContent)).toEqual([
    typeof words === 'string' ? words : expect.stringMatching(words),
  ]);
  const [error] = errors;
  expect(error?.getAttribute('role')).toBe('alert');
  expect(error?.id).toBeTruthy();
}

/** The control is not marked invalid and no error describes it. */
function expectValid(control: Element) {
  expect(control.hasAttribute('aria-invalid')).toBe(false);
  expect(describedBy(control).filter((element) => element.classList.contains('field__error'))).toEqual([]);
}

/** The group is described by an error with these words, and each of its choices is marked invalid. */
function expectInvalidGroup(group: HTMLElement, words: string | RegExp) {
  const errors = describedBy(group).filter((element) => element.classList.contains('field__error'));
  expect(errors.map((element) => element.textContent)).toEqual([
    typeof words === 'string' ? words : expect.stringMatching(words),
  ]);
  expect(errors[0]?.getAttribute('role')).toBe('alert');
  const choices = [...group.querySelectorAll('input[type=checkbox], input[type=radio]')];
  expect(choices.length).toBeGreaterThan(0);
  for (const choice of choices) expect(choice.getAttribute('aria-invalid')).toBe('true');
}

function expectValidGroup(group: HTMLElement) {
  expect(describedBy(group).filter((element) => element.classList.contains('field__error'))).toEqual([]);
  for (const choice of group.querySelectorAll('input'))
    expect(choice.hasAttribute('aria-invalid')).toBe(false);
}

describe('linking a phone number', () => {
  it('marks the field the problem is about, not the other one', async () => {
    const backend = await signedIn();
    renderApp(`/businesses/${ORTIZ}/phone-numbers`);
    await screen.findByRole('list', { name: 'Phone numbers' });
    const phone = screen.getByLabelText('Phone number');
    const name = screen.getByLabelText('Name');
    expectValid(phone);
    expectValid(name);

    // A number outside North America, with a name.
    fireEvent.change(phone, { target: { value: '+44 20 7946 0958' } });
    fireEvent.change(name, { target: { value: 'Office' } });
    fireEvent.click(screen.getByRole('button', { name: 'Link number' }));
    expectInvalid(phone, 'Enter a US or Canadian number, such as +1 555 010 4477.');
    expectValid(name);

    // A good number and no name: the name is at fault now, and only the name.
    fireEvent.change(phone, { target: { value: '(512) 555-0199' } });
    fireEvent.change(name, { target: { value: '  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Link number' }));
    expectInvalid(name, 'Give the number a name, such as whose phone it is.');
    expectValid(phone);
    expect(backend.callsTo('POST', `/api/v4/businesses/${ORTIZ}/associate-phone-numbers`)).toHaveLength(0);

    // Fixed: the error goes, and the number is linked.
    fireEvent.change(name, { target: { value: 'Office' } });
    fireEvent.click(screen.getByRole('button', { name: 'Link number' }));
    await waitFor(() =>
      expect(backend.callsTo('POST', `/api/v4/businesses/${ORTIZ}/associate-phone-numbers`)).toHaveLength(1),
    );
    expectValid(name);
    expectValid(phone);
    expect(
      await within(screen.getByRole('list', { name: 'Phone numbers' })).findByText('Office'),
    ).toBeTruthy();
  });

  it('labels the rename field, which has nothing to complain about', async () => {
    await signedIn();
    renderApp(`/businesses/${ORTIZ}/phone-numbers`);
    const list = await screen.findByRole('list', { name: 'Phone numbers' });
    fireEvent.click(within(list).getByRole('button', { name: "Rename Maya's mobile" }));
    const name = within(list).getByLabelText('Name for +1 (512) 555-0147');
    expect((name as HTMLInputElement).value).toBe("Maya's mobile");
    expectValid(name);
  });
});

describe('adding a webhook', () => {
  it('links each problem to the controls it is about', async () => {
    await signedIn();
    renderApp(`/businesses/${ORTIZ}/webhooks`);
    await screen.findByRole('list', { name: 'Webhooks' });
    const url = screen.getByLabelText('URL');
    // Before any problem the URL is described by its hint.
    expect(describedBy(url).map((element) => element.textContent)).toEqual(['HTTPS only.']);
    expectValid(url);

    // No URL, no event, basic authentication without a username or password.
    const events = screen.getByRole('group', { name: 'Events' });
    for (const box of within(events).getAllByRole('checkbox')) {
      if ((box as HTMLInputElement).checked) fireEvent.click(box);
    }
    fireEvent.click(screen.getByLabelText('Basic authentication (username and password)'));
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));

    expectInvalid(url, 'Enter the URL Thumbtack should call.');
    expect(document.activeElement).toBe(url);
    expectInvalidGroup(events, 'Choose at least one event.');
    const auth = screen.getByRole('group', { name: 'How Thumbtack proves it is Thumbtack' });
    const username = screen.getByLabelText('Username');
    const password = screen.getByLabelText('Password');
    expectInvalid(username, 'Enter a username and a password.');
    expectInvalid(password, 'Enter a username and a password.');
    // One error for the pair, shown once in their group and describing it too.
    expect(describedBy(auth).map((element) => element.textContent)).toEqual([
      'Thumbtack keeps the secret; it is never shown again.',
      'Enter a username and a password.',
    ]);
    expect(describedBy(username)).toEqual(describedBy(password));
    expectValid(screen.getByLabelText('Enable right away'));

    // A plain-http URL, an event, a username: what is left is about the URL and the password.
    fireEvent.change(url, { target: { value: 'http://partner.example.com/hook' } });
    fireEvent.click(within(events).getByLabelText('New review'));
    fireEvent.change(username, { target: { value: 'thumbtack' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));
    expectInvalid(url, /must start with https:\/\//);
    expectValidGroup(events);
    expectValid(username);
    expectInvalid(password, 'Enter a username and a password.');
  });
});

describe('replying to a review', () => {
  it('describes the reply box by its hint', async () => {
    await signedIn();
    renderApp(`/businesses/${ORTIZ}/reviews`);
    const list = await screen.findByRole('list', { name: 'Reviews' });
    const [reply] = within(list).getAllByRole('button', { name: 'Reply publicly' });
    if (!reply) throw new Error('no review to reply to');
    fireEvent.click(reply);
    const box = within(list).getByLabelText(/^Your reply to /);
    expect(box.tagName).toBe('TEXTAREA');
    expect(describedBy(box).map((element) => element.textContent)).toEqual([
      'Everyone who visits your Thumbtack profile can read it.',
    ]);
    expectValid(box);
  });
});

describe('a lead', () => {
  it('labels the job status, the message box and the lead filters', async () => {
    await signedIn();
    const { router } = renderApp(`/leads/${LONG_LEAD}`);
    const status = await screen.findByLabelText('Where does this job stand?');
    expect(status.tagName).toBe('SELECT');
    expectValid(status);
    const box = await screen.findByLabelText('Message to Dana');
    expect(box.tagName).toBe('TEXTAREA');
    expectValid(box);
    // The composer's label is for assistive technology only: the thread says who it is to.
    expect(document.querySelector(`label[for="${box.id}"]`)?.className).toBe('visually-hidden');

    await router.navigate(`/businesses/${ORTIZ}/leads`);
    await screen.findByRole('list', { name: 'Leads' });
    expectValid(screen.getByLabelText('Search leads'));
    expectValid(screen.getByLabelText('Status'));
  });
});

describe('finding a pro', () => {
  it('links a wrong zip code to the zip code field', async () => {
    signedOut(demand);
    renderApp('/find?q=handyman&zip=78');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('“78” is not a zip code. Enter five digits.');
    const zip = screen.getByLabelText('Zip code');
    expectInvalid(zip, '“78” is not a zip code. Enter five digits.');
    expect(describedBy(zip)).toEqual([alert]);
    expectValid(screen.getByRole('combobox', { name: 'What do you need done?' }));
  });

  it('leaves a good search unmarked', async () => {
    signedOut(demand);
    renderApp('/find?q=handyman&zip=78704');
    await screen.findByRole('list', { name: 'Pros' });
    expectValid(screen.getByLabelText('Zip code'));
    expectValid(screen.getByRole('combobox', { name: 'What do you need done?' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('describes the keyword box by its hint when suggestions fail', async () => {
    const backend = signedOut(demand);
    backend.h.server.use(
      http.get(backend.thumbtackApi('/v4/keywords/search'), () =>
        HttpResponse.json({ error: 'unavailable' }, { status: 400 }),
      ),
    );
    renderApp('/find');
    const box = await screen.findByRole('combobox', { name: 'What do you need done?' });
    expect(box.hasAttribute('aria-describedby')).toBe(false);
    fireEvent.change(box, { target: { value: 'lawn' } });
    await waitFor(() =>
      expect(describedBy(box).map((element) => element.textContent)).toEqual([
        'Suggestions are unavailable right now; you can still search.',
      ]),
    );
    expectValid(box);
  });
});

describe('the request form', () => {
  /** A search for house cleaners, and the address of the form it leads to. */
  async function formPath(backend: Backend) {
    const search = await backend.call<{ searchID: string; data: { businessID: string }[] }>(
      'POST',
      '/api/v4/businesses/search',
      { searchQuery: 'house cleaning', zipCode: '78745', limit: 10 },
    );
    const [pro] = search.data;
    if (!pro) throw new Error('no house cleaner in the fake');
    return `/categories/${HOUSE_CLEANING}/request?searchID=${search.searchID}&zip=78745&businessID=${pro.businessID}`;
  }

  it('links each unanswered question’s error to its group, and only those', async () => {
    const backend = signedOut(demand);
    renderApp(await formPath(backend));
    const bedrooms = await screen.findByRole('group', { name: 'How many bedrooms?' });
    fireEvent.click(within(bedrooms).getByLabelText('2 bedrooms'));
    fireEvent.click(screen.getByRole('button', { name: 'Sign in and send request' }));

    expectValidGroup(bedrooms);
    const frequency = screen.getByRole('group', { name: 'Frequency of services' });
    const extras = screen.getByRole('group', { name: 'Any extras?' });
    expectInvalidGroup(frequency, 'Please choose an answer.');
    expectInvalidGroup(extras, 'Please choose an answer.');
    expect(document.activeElement).toBe(frequency);
    // Each group has its own error.
    expect(describedBy(frequency)[0]).not.toBe(describedBy(extras)[0]);
    expect(backend.callsTo('POST', '/api/v4/requests')).toHaveLength(0);
  });

  it('links a written answer’s error to its text box', async () => {
    const backend = signedOut(demand);
    const path = await formPath(backend);
    // The fake's forms ask multiple-choice questions only; this one is its House Cleaning form with
    // a written question added, as Thumbtack's forms can have.
    const formUrl = `/api/v4/categories/${HOUSE_CLEANING}/request-form`;
    const form = await backend.call<{ questions: unknown[] }>('GET', formUrl);
    form.questions.push({
      questionID: '900000000000000001',
      inputType: 'default',
      prompt: 'Anything the pro should know?',
      questionType: 'textBox',
      answers: [],
      validationConstraints: { minimumAnswerLength: 10, maximumAnswerLength: 500 },
    });
    backend.h.server.use(
      http.get(backend.thumbtackApi(`/v4/categories/${HOUSE_CLEANING}/request-form`), () =>
        HttpResponse.json(form),
      ),
    );
    renderApp(path);
    const notes = await screen.findByLabelText('Anything the pro should know?');
    expect(notes.tagName).toBe('TEXTAREA');
    for (const [prompt, answer] of [
      ['How many bedrooms?', '1 bedroom'],
      ['Frequency of services', 'Every week'],
      ['Any extras?', 'Laundry'],
    ] as const) {
      fireEvent.click(within(screen.getByRole('group', { name: prompt })).getByLabelText(answer));
    }
    fireEvent.change(notes, { target: { value: 'Dog.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in and send request' }));

    expectInvalid(notes, 'Please write at least 10 characters.');
    expect(document.activeElement).toBe(notes);
    for (const prompt of ['How many bedrooms?', 'Frequency of services', 'Any extras?']) {
      expectValidGroup(screen.getByRole('group', { name: prompt }));
    }
  });
});
