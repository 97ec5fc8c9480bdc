import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContextOptions, expect, type Page, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../mocks/thumbtack/demo-data.ts';
import { allowOnConsentPage } from './support/journey.ts';

// The pictures in docs/screenshots: the main screens of both sides on a desktop (1280x800) and a
// few on a phone (390 px wide). Run with UPDATE_SCREENSHOTS=1 to write them; otherwise skipped.
//   UPDATE_SCREENSHOTS=1 CHROMIUM_PATH=/usr/bin/chromium node_modules/.bin/playwright test screenshots
// This spec runs in the supply project; the demand console is the one playwright.config.ts starts on
// the port below the supply console's. Each side gets its own browser context: cookies are per
// host, not per port, so the two consoles' sessions must not meet in one cookie jar.

test.skip(!process.env.UPDATE_SCREENSHOTS, 'writes docs/screenshots only when UPDATE_SCREENSHOTS=1');

const OUT = join(process.cwd(), 'docs', 'screenshots');
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
/** The fake's control surface takes JSON only. */
const JSON_CONTENT = { 'Content-Type': 'application/json' };
const ORTIZ_ID = DEMO_ACCOUNTS.pro.businessIDs[0];
const LONG_THREAD = DEMO_ACCOUNTS.pro.longThreadNegotiationID;

function origins(baseURL: string | undefined) {
  const supply = new URL(baseURL ?? 'http://localhost:3199');
  const demand = new URL(supply);
  demand.port = String(Number(supply.port) - 1);
  return { supply: supply.origin, demand: demand.origin };
}

async function openSide(browser: Browser, origin: string, options: BrowserContextOptions) {
  const context = await browser.newContext({ ...options, baseURL: origin });
  const page = await context.newPage();
  return { context, page };
}

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Connect Thumbtack' }).click();
  await allowOnConsentPage(page);
}

/** Waits until no skeleton is left, moves the mouse and focus out of the way, and writes the PNG. */
async function shoot(page: Page, name: string) {
  await expect(page.locator('.skeleton, [aria-busy="true"]')).toHaveCount(0);
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(OUT, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

test.beforeAll(() => {
  mkdirSync(OUT, { recursive: true });
});

test('screenshots of the supply screens (the pro, Maya Ortiz), skipped unless UPDATE_SCREENSHOTS=1', async ({
  browser,
  baseURL,
  request,
}) => {
  const { supply } = origins(baseURL);
  await request.post(`${supply}/__thumbtack/control/reset`, { headers: JSON_CONTENT });
  const { context, page } = await openSide(browser, supply, DESKTOP);

  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await shoot(page, 'supply-login');

  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Review ratings' })).toBeVisible();
  await shoot(page, 'supply-overview');

  await page.goto(`/businesses/${ORTIZ_ID}/leads`);
  await expect(page.getByRole('list', { name: 'Leads' })).toBeVisible();
  await shoot(page, 'supply-leads');

  await page.goto(`/leads/${LONG_THREAD}`);
  await expect(page.getByRole('list', { name: 'Messages' }).getByRole('listitem').first()).toBeVisible();
  await shoot(page, 'supply-lead');

  await page.goto(`/businesses/${ORTIZ_ID}/reviews`);
  await expect(page.getByRole('list', { name: 'Reviews' })).toBeVisible();
  await page.getByRole('button', { name: 'Reply publicly' }).first().click();
  await page.getByRole('textbox', { name: /Your reply to/ }).fill('Thank you! It was a pleasure.');
  await page.getByRole('list', { name: 'Reviews' }).locator('> li').nth(1).scrollIntoViewIfNeeded();
  await shoot(page, 'supply-reviews');

  await page.goto(`/businesses/${ORTIZ_ID}/webhooks`);
  await expect(page.getByRole('list', { name: 'Webhooks' })).toBeVisible();
  await shoot(page, 'supply-webhooks');

  await page.goto(`/businesses/${ORTIZ_ID}/phone-numbers`);
  await expect(page.getByText("Maya's mobile")).toBeVisible();
  await shoot(page, 'supply-phone-numbers');

  await page.goto('/account');
  await expect(page.getByText('maya.ortiz@example.com')).toBeVisible();
  await shoot(page, 'supply-account');
  await context.close();

  const phone = await openSide(browser, supply, PHONE);
  await signIn(phone.page);
  await expect(phone.page.getByRole('heading', { name: 'Review ratings' })).toBeVisible();
  await shoot(phone.page, 'supply-overview-phone');
  await phone.page.goto(`/leads/${LONG_THREAD}`);
  await expect(phone.page.getByRole('heading', { name: 'Dana Reyes · Handyman' })).toBeVisible();
  // On a phone the thread comes below the lead's details: show the conversation.
  await phone.page.getByRole('region', { name: 'Conversation with Dana' }).scrollIntoViewIfNeeded();
  await expect(
    phone.page.getByRole('list', { name: 'Messages' }).getByRole('listitem').first(),
  ).toBeAttached();
  await shoot(phone.page, 'supply-lead-phone');
  await phone.context.close();
});

test('screenshots of the demand screens (the customer, Priya Shah), skipped unless UPDATE_SCREENSHOTS=1', async ({
  browser,
  baseURL,
  request,
}) => {
  const { demand } = origins(baseURL);
  await request.post(`${demand}/__thumbtack/control/reset`, { headers: JSON_CONTENT });
  const { context, page } = await openSide(browser, demand, DESKTOP);

  await page.goto('/find');
  const what = page.getByRole('combobox', { name: 'What do you need done?' });
  await what.pressSequentially('tv', { delay: 30 });
  await expect(page.getByRole('option', { name: 'TV Mounting' })).toBeVisible();
  await page.getByLabel('Zip code').fill('78704');
  await what.focus();
  await expect(page.getByRole('option', { name: 'TV Mounting' })).toBeVisible();
  await page.screenshot({ path: join(OUT, 'demand-find-pros.png'), animations: 'disabled', caret: 'hide' });

  await page.getByRole('option', { name: 'TV Mounting' }).click();
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Pros' })).toBeVisible();
  await page.getByRole('checkbox', { name: /Ask Capital City TV Mounting/ }).check();
  await page.getByRole('checkbox', { name: /Ask Ortiz Handyman/ }).check();
  await shoot(page, 'demand-results');

  await page.getByRole('button', { name: 'Request quotes' }).click();
  await expect(page.getByRole('group', { name: 'What size is your TV?' })).toBeVisible();
  await page.getByRole('radio', { name: '60-75 inches' }).check();
  await page.getByRole('radio', { name: 'Drywall' }).check();
  await shoot(page, 'demand-request-form');

  await page.getByRole('radio', { name: 'Yes, in the wall' }).check();
  await page.getByRole('button', { name: 'Sign in and send request' }).click();
  await allowOnConsentPage(page);
  await expect(page.getByText('Welcome back. We kept your answers')).toBeVisible();
  await shoot(page, 'demand-request-form-after-sign-in');

  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByRole('heading', { name: 'Your request was sent' })).toBeVisible();
  await shoot(page, 'demand-request-sent');

  await page.goto(`/messages/${DEMO_ACCOUNTS.customer.negotiationIDs[0]}`);
  await expect(page.getByRole('list', { name: 'Messages' }).getByRole('listitem').first()).toBeVisible();
  await shoot(page, 'demand-conversation');

  await page.goto('/find?q=TV+Mounting&zip=78704');
  await page
    .getByRole('article', { name: 'Capital City TV Mounting' })
    .getByRole('link', { name: 'Read reviews' })
    .click();
  await expect(page.getByRole('list', { name: 'Reviews' })).toBeVisible();
  await shoot(page, 'demand-pro-reviews');
  await context.close();

  const phone = await openSide(browser, demand, PHONE);
  await phone.page.goto('/find?q=TV+Mounting&zip=78704');
  await expect(phone.page.getByRole('list', { name: 'Pros' })).toBeVisible();
  await shoot(phone.page, 'demand-results-phone');
  await phone.context.close();
});
