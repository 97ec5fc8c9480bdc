import { expect, test } from '@playwright/test';
import { watchForTokens } from './support/token-watch.ts';

test('a pro connects Thumbtack, sees both businesses and signs out', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  const watch = watchForTokens(page);

  await page.goto('/');
  await expect(
    page
      .getByRole('button', { name: 'Connect Thumbtack' })
      .or(page.getByRole('link', { name: 'Connect Thumbtack' })),
  ).toBeVisible();
  await page.getByText('Connect Thumbtack').click();

  // The fake Thumbtack's consent page.
  await expect(page).toHaveURL(/\/__thumbtack\/auth\/oauth2\/auth\?/);
  await page.getByRole('button', { name: 'Allow' }).click();

  await expect(page.getByText('Ortiz Handyman & Repair').first()).toBeVisible();
  await expect(page.getByText('Evergreen Yard & Garden Co.').first()).toBeVisible();
  await expect(page.getByText('Maya').first()).toBeVisible();

  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === '__Host-tt-session');
  expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });

  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await expect(page.getByText('Connect Thumbtack')).toBeVisible();
  expect((await page.context().cookies()).find((c) => c.name === '__Host-tt-session')).toBeUndefined();

  const { findings, responsesSeen } = await watch.assertClean();
  expect(responsesSeen).toBeGreaterThan(5);
  expect(findings).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
