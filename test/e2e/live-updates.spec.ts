import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../mocks/thumbtack/index.ts';
import { allowOnConsentPage, resetFake, watchConsole } from './support/journey.ts';
import { watchForTokens } from './support/token-watch.ts';

// Live updates in a real browser (docs/live-updates.md): a pro turns them on for a business, then a
// new lead, a customer's message and a review arrive through the fake Thumbtack's webhooks, and each
// shows up on the open screen without a reload.

const ORTIZ = 'Ortiz Handyman & Repair';
const ORTIZ_ID = DEMO_ACCOUNTS.pro.businessIDs[0];

test.beforeEach(async ({ request }) => {
  await resetFake(request);
});

/** New customer activity at the fake, delivered to the business's webhooks as Thumbtack would. */
async function simulate(request: APIRequestContext, event: 'negotiation' | 'message' | 'review') {
  const response = await request.post('/__thumbtack/control/simulate', {
    headers: { 'Content-Type': 'application/json' },
    data: { businessID: ORTIZ_ID, event },
  });
  expect(response.ok(), `simulate ${event}`).toBe(true);
  const result = await response.json();
  // Every attempt reached the console and was accepted.
  expect(result.deliveries.length, `${event} was delivered`).toBeGreaterThan(0);
  expect(result.deliveries.map((d: { status: number }) => d.status)).toEqual(
    result.deliveries.map(() => 204),
  );
  return result;
}

/** A mark that only a full page load would clear. */
async function markPage(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage = true;
  });
}

async function expectNoReload(page: Page, step: string) {
  const same = await page.evaluate(
    () => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage === true,
  );
  expect(same, `no reload: ${step}`).toBe(true);
}

test('a pro turns live updates on and sees a lead, a message and a review arrive', async ({
  page,
  request,
}) => {
  const problems = watchConsole(page);
  const tokens = watchForTokens(page);

  await test.step('sign in and open the leads of a business', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Connect Thumbtack' }).click();
    await allowOnConsentPage(page);
    await expect(page.getByRole('heading', { name: 'Welcome back, Maya', level: 1 })).toBeVisible();
    await page.goto(`/businesses/${ORTIZ_ID}/leads`);
    await expect(page.getByRole('heading', { name: 'Leads', level: 1 })).toBeVisible();
    await expect(page.getByText(ORTIZ).first()).toBeVisible();
  });

  await test.step('turn live updates on', async () => {
    const toggle = page.getByRole('switch', { name: 'Live updates' });
    await expect(toggle).toHaveAttribute('aria-checked', 'false');
    await expect(page.getByRole('status').filter({ hasText: 'Live updates:' })).toHaveText(/Off/);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-checked', 'true');
    await expect(page.getByRole('status').filter({ hasText: 'Live updates:' })).toHaveText(/Live$/);
    await markPage(page);
  });

  let leadId = '';
  await test.step('a new lead appears at the top of the list, with a notice', async () => {
    const { negotiation } = await simulate(request, 'negotiation');
    leadId = negotiation.negotiationID;
    const leads = page.getByRole('list', { name: 'Leads' });
    const newLead = leads.locator(`a[href="/leads/${leadId}"]`);
    await expect(newLead).toBeVisible();
    await expect(newLead).toContainText(negotiation.customer.firstName);
    await expect(leads.getByRole('link').first()).toHaveAttribute('href', `/leads/${leadId}`);
    await expect(page.getByRole('log', { name: 'New activity' })).toContainText(/New lead/);
    await expectNoReload(page, 'the lead');
  });

  await test.step("a customer's message appears in the open thread", async () => {
    await page.locator(`a[href="/leads/${leadId}"]`).first().click();
    await expect(page).toHaveURL(new RegExp(`/leads/${leadId}$`));
    const thread = page.getByRole('list', { name: 'Messages' });
    await expect(thread).toBeVisible();
    const { message } = await simulate(request, 'message');
    expect(message.negotiationID, 'the message is on the newest open lead').toBe(leadId);
    await expect(thread.getByText(message.text.slice(0, 40))).toBeVisible();
    await expectNoReload(page, 'the message');
  });

  await test.step('a new review appears in the reviews list', async () => {
    await page.getByRole('link', { name: `← Leads of ${ORTIZ}` }).click();
    await page
      .getByRole('navigation', { name: 'Business sections' })
      .getByRole('link', { name: 'Reviews' })
      .click();
    await expect(page.getByRole('heading', { name: 'Reviews', level: 1 })).toBeVisible();
    const { review } = await simulate(request, 'review');
    await expect(page.getByText(review.reviewText.slice(0, 40))).toBeVisible();
    await expect(page.getByText(review.reviewerName).first()).toBeVisible();
    await expectNoReload(page, 'the review');
  });

  await test.step('turn live updates off', async () => {
    const toggle = page.getByRole('switch', { name: 'Live updates' });
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-checked', 'false');
    await expect(page.getByRole('status').filter({ hasText: 'Live updates:' })).toHaveText(/Off/);
  });

  expect((await tokens.assertClean()).findings, 'token-like text during live updates').toEqual([]);
  expect(problems.list()).toEqual([]);
});
