import { devnetAccount } from '@bithedge/api/devnet';
import { expect, test } from '@playwright/test';
import { E2E_CRON_SECRET } from '../playwright.config';
import { shortAddress } from '../src/lib/format';

test('signs in with the dev wallet, sees its own portfolio, and signs out', async ({ page }, testInfo) => {
  const account = devnetAccount('wallet_1');
  await page.goto('/dashboard');
  await expect(page.getByTestId('dev-wallet-banner')).toContainText('Dev wallet active');
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { name: 'Sign in to continue' })).toBeVisible();

  await main.getByRole('button', { name: 'Connect wallet' }).click();
  const address = page.getByTestId('session-address');
  await expect(address).toContainText(shortAddress(account.address));
  await expect(address).toContainText('provider');
  await expect(address).toHaveAttribute('title', account.address);
  // wallet_1 is a seeded provider: its own balances appear.
  await expect(main.getByText('Risk tier')).toBeVisible();
  await expect(main.getByText('Deposited').first()).toBeVisible();

  // The session is an httpOnly cookie, invisible to page scripts.
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'bithedge_session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  expect(await page.evaluate(() => document.cookie)).not.toContain('bithedge_session');

  const shot = testInfo.outputPath('dashboard-signed-in.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('dashboard signed in', { path: shot, contentType: 'image/png' });

  // Still signed in after a reload: the server reads the cookie.
  await page.reload();
  await expect(page.getByTestId('session-address')).toContainText(shortAddress(account.address));

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(main.getByRole('heading', { name: 'Sign in to continue' })).toBeVisible();
  expect((await page.context().cookies()).find((c) => c.name === 'bithedge_session')).toBeUndefined();
});

// The dev wallet is its own chunk, loaded after hydration; a Connect click before it had installed
// itself opened @stacks/connect's "install a wallet" picker (seen on a cold server in CI).
test('a Connect click before the dev wallet has loaded waits for it', async ({ page }) => {
  await page.route('**/_next/static/chunks/**', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes('Dev wallet active')) await new Promise((resolve) => setTimeout(resolve, 3_000));
    await route.fulfill({ response, body });
  });
  await page.goto('/dashboard');
  const main = page.getByRole('main');
  // Clicked as soon as the page reacts (hydrated), while the dev wallet's chunk is still held back.
  await expect(async () => {
    await main.getByRole('button', { name: 'Connect wallet' }).click({ timeout: 1_000 });
    await expect(main.getByRole('button', { name: 'Check your wallet…' })).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId('dev-wallet-banner')).toHaveCount(0);
  await expect(page.getByTestId('session-address')).toContainText(
    shortAddress(devnetAccount('wallet_1').address),
    { timeout: 15_000 },
  );
  await expect(page.getByText("You don't have any wallets")).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(main.getByRole('heading', { name: 'Sign in to continue' })).toBeVisible();
});

test('cron routes answer only to their bearer secret', async ({ request }) => {
  const anonymous = await request.post('/api/cron/auth-cleanup');
  expect(anonymous.status()).toBe(401);
  const wrong = await request.post('/api/cron/auth-cleanup', { headers: { authorization: 'Bearer nope' } });
  expect(wrong.status()).toBe(401);
  const ok = await request.post('/api/cron/auth-cleanup', {
    headers: { authorization: `Bearer ${E2E_CRON_SECRET}` },
  });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ step: 'auth-cleanup', sessions: expect.any(Number) });
});
