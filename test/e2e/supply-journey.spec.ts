import { expect, type Locator, type Page, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import {
  allowOnConsentPage,
  expectOnlyAnHttpOnlySessionCookie,
  expectSignedOut,
  resetFake,
  watchConsole,
} from './support/journey.ts';
import { watchForTokens } from './support/token-watch.ts';

// A pro's day in the console, in a real browser against the fake Thumbtack (supply demo, Maya
// Ortiz): connect, leads, a long thread, a reply, the job status, a review reply, a webhook, sign
// out. Every screen on the way is checked with axe; no token may reach the browser at any point.

const ORTIZ = 'Ortiz Handyman & Repair';
const EVERGREEN = 'Evergreen Yard & Garden Co.';
const DANA_FIRST_MESSAGE = 'Hi Maya! I have a list of small repairs';
const DANA_LAST_MESSAGE = 'Looks seamless, thank you so much. I will leave a review.';

test.beforeEach(async ({ request }) => {
  await resetFake(request);
});

/** The thread's list of messages (the scroll container). */
function thread(page: Page): Locator {
  return page.getByRole('list', { name: 'Messages' });
}

test('a pro works through leads, messages, reviews and webhooks, then signs out', async ({ page }) => {
  const problems = watchConsole(page);
  const tokens = watchForTokens(page);

  await test.step('sign in through the consent page', async () => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'login');

    await page.getByRole('link', { name: 'Connect Thumbtack' }).click();
    await allowOnConsentPage(page);

    await expect(page.getByRole('heading', { name: 'Welcome back, Maya', level: 1 })).toBeVisible();
    const businesses = page.getByRole('list', { name: 'Your businesses' });
    await expect(businesses.getByRole('heading', { name: ORTIZ })).toBeVisible();
    await expect(businesses.getByRole('heading', { name: EVERGREEN })).toBeVisible();
    // The activity block (charts, ratings) loads after the businesses: wait for it before axe.
    await expect(page.getByRole('heading', { name: 'Review ratings' })).toBeVisible();
    await expectOnlyAnHttpOnlySessionCookie(page);
    await expectNoSeriousA11yViolations(page, 'overview');
    expect((await tokens.assertClean()).findings, 'token-like text right after sign-in').toEqual([]);
  });

  await test.step("open a business's leads and one lead", async () => {
    await page
      .getByRole('navigation', { name: `${ORTIZ} sections` })
      .getByRole('link', { name: 'Leads' })
      .click();
    await expect(page.getByRole('heading', { name: 'Leads', level: 1 })).toBeVisible();
    const leads = page.getByRole('list', { name: 'Leads' });
    // Nine seeded leads plus the demo customer's TV-mounting request.
    await expect(leads.getByRole('listitem')).toHaveCount(10);
    await expectNoSeriousA11yViolations(page, 'leads');

    // The filter narrows the list to the one customer.
    await page.getByLabel('Search leads').fill('dana reyes');
    await expect(leads.getByRole('listitem')).toHaveCount(1);
    await leads.getByRole('link', { name: /Dana Reyes · Handyman/ }).click();
    await expect(page.getByRole('heading', { name: 'Dana Reyes · Handyman', level: 1 })).toBeVisible();
  });

  await test.step('read the thread; older messages load when scrolled to the top', async () => {
    const messages = thread(page);
    await expect(messages.getByText(DANA_LAST_MESSAGE)).toBeVisible();
    // A page is 20 of the 28 messages: the first ones are not there yet.
    await expect(messages.getByText(DANA_FIRST_MESSAGE)).toHaveCount(0);
    await expect(messages.getByRole('button', { name: 'Load older messages' })).toBeAttached();

    // Scroll the thread up as a reader would (wheel), not with the button.
    await messages.hover();
    for (let turn = 0; turn < 20; turn += 1) {
      await page.mouse.wheel(0, -1500);
      if ((await messages.getByText(DANA_FIRST_MESSAGE).count()) > 0) break;
      await page.waitForTimeout(100);
    }
    await expect(messages.getByText(DANA_FIRST_MESSAGE)).toBeAttached();
    // All 28 are there now, and nothing older is left to ask for.
    await expect(messages.getByRole('listitem')).toHaveCount(28);
    await expect(messages.getByRole('button', { name: /older messages/ })).toHaveCount(0);
    await expectNoSeriousA11yViolations(page, 'lead');
  });

  const reply = 'Thanks again Dana! I will drop off the leftover paint on Friday.';
  await test.step('send a message; it is still there after a reload', async () => {
    await page.getByLabel('Message to Dana').fill(reply);
    const sent = page.waitForResponse(
      (response) => response.request().method() === 'POST' && /\/messages$/.test(response.url()),
    );
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    expect((await sent).ok()).toBe(true);
    const bubble = thread(page).getByRole('listitem').filter({ hasText: reply });
    await expect(bubble).toBeVisible();
    await expect(bubble).not.toContainText('Sending…');
    await expect(page.getByLabel('Message to Dana')).toHaveValue('');

    await page.reload();
    await expect(page.getByRole('heading', { name: 'Dana Reyes · Handyman', level: 1 })).toBeVisible();
    await expect(thread(page).getByRole('listitem').filter({ hasText: reply })).toContainText('You ·');
  });

  await test.step('change the job status', async () => {
    await page.getByLabel('Where does this job stand?').selectOption({ label: 'Job complete' });
    const posted = page.waitForResponse((response) => response.url().endsWith('/job-status'));
    await page.getByRole('button', { name: 'Update status' }).click();
    expect((await posted).ok()).toBe(true);
    await expect(page.getByText('Thumbtack now shows this job as “Job complete”.')).toBeVisible();
  });

  let reviewer = '';
  const responseText = 'Thank you for the kind words. It was a pleasure working on your home!';
  await test.step('respond to a review; the response is there after a reload', async () => {
    await page.getByRole('link', { name: `← Leads of ${ORTIZ}` }).click();
    await page
      .getByRole('navigation', { name: 'Business sections' })
      .getByRole('link', { name: 'Reviews' })
      .click();
    await expect(page.getByRole('heading', { name: 'Reviews', level: 1 })).toBeVisible();
    const reviews = page.getByRole('list', { name: 'Reviews' });
    await expect(reviews.getByRole('listitem').first()).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'reviews');

    // The first review without a reply (every third one in the demo data). Held by position: once
    // answered it no longer matches a filter on its "Reply publicly" button.
    const items = reviews.locator('> li');
    const index = await items.evaluateAll((lis) =>
      lis.findIndex((li) =>
        [...li.querySelectorAll('button')].some((b) => b.textContent === 'Reply publicly'),
      ),
    );
    expect(index).toBeGreaterThanOrEqual(0);
    const unanswered = items.nth(index);
    reviewer = (await unanswered.getByRole('heading', { level: 3 }).textContent()) ?? '';
    expect(reviewer).not.toBe('');
    await unanswered.getByRole('button', { name: 'Reply publicly' }).click();
    const box = unanswered.getByLabel(`Your reply to ${reviewer}`);
    await expect(box).toBeFocused();
    await box.fill(responseText);
    await expectNoSeriousA11yViolations(page, 'reviews (reply form open)');
    await unanswered.getByRole('button', { name: 'Post reply' }).click();

    const answered = reviews.locator('> li').filter({ hasText: responseText });
    await expect(answered).toContainText('Your public reply');
    await expect(answered.getByRole('heading', { name: reviewer })).toBeVisible();

    await page.reload();
    await expect(
      page.getByRole('list', { name: 'Reviews' }).locator('> li').filter({ hasText: responseText }),
    ).toContainText('Your public reply');
  });

  const hookUrl = 'https://hooks.example.com/thumbtack/e2e';
  const hookSecret = 'e2e-header-secret-value';
  await test.step('create a webhook with events and an auth header, then delete it', async () => {
    await page
      .getByRole('navigation', { name: 'Business sections' })
      .getByRole('link', { name: 'Webhooks' })
      .click();
    await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
    const list = page.getByRole('list', { name: 'Webhooks' });
    await expect(list.getByRole('listitem')).toHaveCount(1); // the seeded, disabled one
    await expectNoSeriousA11yViolations(page, 'webhooks');

    const form = page.getByRole('form', { name: 'Add a webhook' });
    // Plain http is refused in the browser, before anything is sent.
    await form.getByLabel('URL').fill('http://hooks.example.com/thumbtack/e2e');
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await expect(form.getByText('The URL must start with https://')).toBeVisible();
    await expect(form.getByLabel('URL')).toBeFocused();

    await form.getByLabel('URL').fill(hookUrl);
    const events = form.getByRole('group', { name: 'Events' });
    const eventBoxes = events.getByRole('checkbox');
    // Add every event type the form offers, on top of the two chosen by default.
    for (const box of await eventBoxes.all()) await box.check();
    await form.getByRole('radio', { name: 'A custom header' }).check();
    await form.getByLabel('Header name').fill('X-Webhook-Secret');
    await form.getByLabel('Header value').fill(hookSecret);
    await expectNoSeriousA11yViolations(page, 'webhooks (form filled)');
    const created = page.waitForResponse(
      (response) => response.request().method() === 'POST' && /\/webhooks$/.test(response.url()),
    );
    await form.getByRole('button', { name: 'Add webhook' }).click();
    expect((await created).ok()).toBe(true);
    await expect(form.getByText('Webhook added.')).toBeVisible();

    const row = list.getByRole('listitem').filter({ hasText: hookUrl });
    await expect(row).toBeVisible();
    await expect(row).toContainText('Custom header');
    await expect(row.getByText('Enabled', { exact: true })).toBeVisible();
    await expect(list.getByRole('listitem')).toHaveCount(2);
    // Thumbtack keeps the secret; the console never shows it again.
    await expect(page.getByText(hookSecret)).toHaveCount(0);

    await row.getByRole('button', { name: 'Delete' }).click();
    await expect(row.getByText(`Delete the webhook to ${hookUrl}?`)).toBeVisible();
    await expect(row.getByRole('button', { name: 'Delete webhook' })).toBeFocused();
    await row.getByRole('button', { name: 'Delete webhook' }).click();
    await expect(list.getByRole('listitem').filter({ hasText: hookUrl })).toHaveCount(0);
    await expect(list.getByRole('listitem')).toHaveCount(1);
  });

  await test.step('phone numbers and account', async () => {
    await page
      .getByRole('navigation', { name: 'Business sections' })
      .getByRole('link', { name: 'Phone numbers' })
      .click();
    await expect(page.getByRole('heading', { name: 'Phone numbers', level: 1 })).toBeVisible();
    await expect(page.getByText("Maya's mobile")).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'phone numbers');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    await expect(page.getByRole('heading', { name: 'Account', level: 1 })).toBeVisible();
    await expect(page.getByText('maya.ortiz@example.com')).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'account');
  });

  await test.step('no token reached the browser', async () => {
    await expectOnlyAnHttpOnlySessionCookie(page);
    const { findings, responsesSeen } = await tokens.assertClean();
    expect(responsesSeen).toBeGreaterThan(20);
    expect(findings).toEqual([]);
  });

  await test.step('sign out', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('link', { name: 'Connect Thumbtack' })).toBeVisible();
    await expectSignedOut(page);
    // The signed-out console does not show the pro's screens any more.
    await page.goto('/account');
    await expect(page).toHaveURL(/\/login\?returnTo=%2Faccount$/);
    const { findings } = await tokens.assertClean();
    expect(findings).toEqual([]);
  });

  expect(problems.list(), 'console errors and page errors').toEqual([]);
});
