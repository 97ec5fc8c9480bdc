import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../mocks/thumbtack/demo-data.ts';
import { expectNoSeriousA11yViolations } from '../support/axe.ts';
import {
  allowOnConsentPage,
  expectOnlyAnHttpOnlySessionCookie,
  expectSignedOut,
  resetFake,
  watchConsole,
} from '../support/journey.ts';
import { watchForTokens } from '../support/token-watch.ts';

// A customer finding pros in a real browser against the fake Thumbtack (demand demo, Priya Shah):
// keyword autocomplete, zip, results, a category's request form filled in while signed out, the
// sign-in trip that keeps the answers, the created request and the pros it reached. Every screen on
// the way is checked with axe; no token may reach the browser at any point.

const CAPITAL = 'Capital City TV Mounting';
const ORTIZ = 'Ortiz Handyman & Repair';

test.beforeEach(async ({ request }) => {
  await resetFake(request);
});

test('a customer finds pros, fills a request, signs in on the way and sends it', async ({ page }) => {
  const problems = watchConsole(page);
  const tokens = watchForTokens(page);

  await test.step('search with keyword autocomplete and a zip code', async () => {
    await page.goto('/find');
    await expect(page.getByRole('heading', { name: 'Find a pro', level: 1 })).toBeVisible();
    // Browsing needs no sign-in: the header offers it, nobody is signed in yet.
    await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'find pros');

    const what = page.getByRole('combobox', { name: 'What do you need done?' });
    await what.pressSequentially('tv', { delay: 40 });
    const suggestions = page.getByRole('listbox', { name: 'Suggestions for what do you need done?' });
    await expect(suggestions.getByRole('option', { name: 'TV Mounting' })).toBeVisible();
    await expect(what).toHaveAttribute('aria-expanded', 'true');
    await expectNoSeriousA11yViolations(page, 'find pros (suggestions open)');
    // Arrow keys move through the suggestions; the mouse picks one.
    await what.press('ArrowDown');
    await expect(suggestions.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
    await suggestions.getByRole('option', { name: 'TV Mounting' }).click();
    await expect(what).toHaveValue('TV Mounting');
    await expect(suggestions).toBeHidden();

    await page.getByLabel('Zip code').fill('78704');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(/\/find\?q=TV\+Mounting&zip=78704$/);
    await expect(page.getByRole('heading', { name: 'Pros for “TV Mounting” near 78704' })).toBeVisible();
    const pros = page.getByRole('list', { name: 'Pros' });
    await expect(pros.getByRole('heading', { name: CAPITAL })).toBeVisible();
    await expect(pros.getByRole('heading', { name: ORTIZ })).toBeVisible();
    const popular = page.getByRole('region', { name: 'Popular near 78704' });
    await expect(popular.getByRole('link', { name: /^Handyman \d+ pros$/ })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'results');
  });

  await test.step("read a pro's reviews and come back to the results", async () => {
    await page.getByRole('article', { name: CAPITAL }).getByRole('link', { name: 'Read reviews' }).click();
    await expect(page.getByRole('heading', { name: `Reviews of ${CAPITAL}`, level: 1 })).toBeVisible();
    const reviews = page.getByRole('list', { name: 'Reviews' });
    await expect(reviews.getByRole('listitem').first()).toBeVisible();
    // A customer reads the pro's replies, and cannot reply in the pro's name.
    await expect(reviews.getByText('Reply from the pro').first()).toBeVisible();
    await expect(reviews.getByText('Your public reply')).toHaveCount(0);
    await expect(reviews.getByRole('button', { name: 'Reply publicly' })).toHaveCount(0);
    await expectNoSeriousA11yViolations(page, 'pro reviews');
    await page.goBack();
    await expect(page.getByRole('heading', { name: 'Pros for “TV Mounting” near 78704' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'What do you need done?' })).toHaveValue('TV Mounting');
  });

  await test.step("choose two pros and open the category's request form", async () => {
    await page.getByRole('checkbox', { name: `Ask ${CAPITAL} for a quote` }).check();
    await page.getByRole('checkbox', { name: `Ask ${ORTIZ} for a quote` }).check();
    await expect(page.getByText('2 pros chosen')).toBeVisible();
    await page.getByRole('button', { name: 'Request quotes' }).click();

    await expect(page.getByRole('heading', { name: 'Request quotes', level: 1 })).toBeVisible();
    await expect(page).toHaveURL(/\/categories\/152396937238036850\/request\?/);
    await expect(page.getByText(`Your request goes to ${CAPITAL}, ${ORTIZ}.`)).toBeVisible();
    await expect(page.getByRole('group', { name: 'What size is your TV?' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'request form');
  });

  const requestFormUrl = page.url();
  await test.step('answers are checked before anything is sent', async () => {
    await page.getByRole('button', { name: 'Sign in and send request' }).click();
    const size = page.getByRole('group', { name: 'What size is your TV?' });
    await expect(size.getByText('Please choose an answer.')).toBeVisible();
    await expect(size).toBeFocused();
    await expect(page).toHaveURL(requestFormUrl);
    await expectNoSeriousA11yViolations(page, 'request form (with errors)');
  });

  await test.step('sending while signed out goes through sign-in and keeps the answers', async () => {
    await page.getByRole('radio', { name: '60-75 inches' }).check();
    await page.getByRole('radio', { name: 'Drywall' }).check();
    await page.getByRole('radio', { name: 'Yes, in the wall' }).check();
    await page.getByRole('button', { name: 'Sign in and send request' }).click();

    await allowOnConsentPage(page);
    await expect(page).toHaveURL(requestFormUrl);
    await expect(page.getByText('Welcome back. We kept your answers')).toBeVisible();
    await expect(page.getByRole('radio', { name: '60-75 inches' })).toBeChecked();
    await expect(page.getByRole('radio', { name: 'Drywall' })).toBeChecked();
    await expect(page.getByRole('radio', { name: 'Yes, in the wall' })).toBeChecked();
    await expect(page.getByText(`Your request goes to ${CAPITAL}, ${ORTIZ}.`)).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('Priya Shah');
    await expectOnlyAnHttpOnlySessionCookie(page);
    expect((await tokens.assertClean()).findings, 'token-like text right after sign-in').toEqual([]);
  });

  await test.step('submit and see the created request and the pros contacted', async () => {
    const created = page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().endsWith('/api/v4/requests'),
    );
    await page.getByRole('button', { name: 'Send request' }).click();
    expect((await created).status()).toBe(201);

    const sent = page.getByRole('heading', { name: 'Your request was sent' });
    await expect(sent).toBeVisible();
    await expect(sent).toBeFocused();
    const summary = page.getByRole('region', { name: 'Your request was sent' });
    await expect(summary).toContainText('TV Mounting');
    await expect(summary).toContainText('78704');
    const contacted = summary.getByRole('list', { name: 'Pros contacted' });
    await expect(contacted.getByRole('listitem')).toHaveCount(2);
    await expect(contacted).toContainText(CAPITAL);
    await expect(contacted).toContainText(ORTIZ);
    await expectNoSeriousA11yViolations(page, 'created request');
  });

  await test.step('messages, a conversation and the account', async () => {
    await page.getByRole('link', { name: 'Go to messages' }).click();
    await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'messages');

    // One of Priya's earlier requests: the live thread with the pro.
    const [negotiationID] = DEMO_ACCOUNTS.customer.negotiationIDs;
    await page.goto(`/messages/${negotiationID}`);
    await expect(page.getByRole('heading', { name: ORTIZ, level: 1 })).toBeVisible();
    const thread = page.getByRole('list', { name: 'Messages' });
    await expect(thread.getByRole('listitem').first()).toBeVisible();
    const text = 'Thursday afternoon works for me. Is 2 pm fine?';
    await page.getByLabel(`Message to ${ORTIZ}`).fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(thread.getByRole('listitem').filter({ hasText: text })).toContainText('You ·');
    await expectNoSeriousA11yViolations(page, 'conversation');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    await expect(page.getByRole('heading', { name: 'Account', level: 1 })).toBeVisible();
    await expect(page.getByText('Marketplace (demand side)')).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'account');
  });

  await test.step('no token reached the browser', async () => {
    await expectOnlyAnHttpOnlySessionCookie(page);
    const { findings, responsesSeen } = await tokens.assertClean();
    expect(responsesSeen).toBeGreaterThan(10);
    expect(findings).toEqual([]);
  });

  await test.step('sign out', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expectSignedOut(page);
    // Nothing of the customer's stays in the tab: the saved answers and conversations are gone.
    const kept = await page.evaluate(() =>
      Object.keys(sessionStorage).filter((key) => key.startsWith('tt-console:')),
    );
    expect(kept).toEqual([]);
    const { findings } = await tokens.assertClean();
    expect(findings).toEqual([]);
  });

  expect(problems.list(), 'console errors and page errors').toEqual([]);
});
