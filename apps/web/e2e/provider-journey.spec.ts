import { expect, test } from '@playwright/test';
import { buyPolicy, reconciled, screens, signIn } from './journey';

// Phone project only, after the home page's checks (playwright.config.ts): it deposits into the
// pool, buys a policy and mines blocks on the local chain.

test('a provider journey: yield quote before sign-in, deposit, a backed policy expires, its premium turns pending, earned, claimed — in the history and the charts', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(300_000);

  // 1. Anyone sees the yield estimate, live, before signing in; the deposit asks for sign-in last.
  await page.goto('/provide?token=STX&amount=3000&tier=aggressive&days=30');
  await expect(page.getByTestId('yield-apy')).toBeVisible();
  await expect(page.getByText(/APY now/).first()).toBeVisible();
  await expect(page.getByTestId('deposit-sign-in')).toBeVisible();
  await screens(page, testInfo, 'provide-anonymous');

  // 2. Sign in at the deposit step and deposit under the aggressive tier.
  await signIn(page, 'wallet_3');
  await expect(page.getByLabel('Amount (STX)')).toHaveValue('3000');
  await page.getByRole('button', { name: 'Deposit' }).click();
  await expect(page.getByTestId('deposit-txid')).toContainText('Sent: transaction 0x');
  await reconciled(page);

  // 3. A buyer buys a policy the aggressive tier backs; its collateral is locked, part of it ours.
  const policyId = await buyPolicy(browser, testInfo, {
    query: 'type=PUT&pct=95&amount=0.01&days=1',
    tier: 'aggressive',
  });
  await page.goto('/dashboard');
  const backed = page.getByRole('region', { name: 'Policies you back' });
  // The session check and the dashboard's queries can take a while on a loaded CI machine.
  await expect(backed).toBeVisible({ timeout: 30_000 });
  await expect(backed.getByRole('row', { name: new RegExp(`#${policyId}\\b`) })).toBeVisible();
  const history = page.getByRole('region', { name: 'Transaction history' });
  await expect(history.getByText(`Locked for policy #${policyId}`).first()).toBeVisible();
  await reconciled(page);

  // 4. A day of Bitcoin blocks: the policy expires, our premium share is pending, with its policy.
  const banner = page.getByTestId('dev-wallet-banner');
  await banner.getByRole('button', { name: 'Mine 1 day of blocks' }).click();
  await expect(banner.getByText(/burn height \d+/)).toBeVisible();
  await page.reload();
  const premiums = page.getByRole('region', { name: 'Premiums', exact: true });
  await expect(premiums).toBeVisible({ timeout: 30_000 });
  const pending = premiums.getByRole('table', { name: 'Pending premium shares' });
  await expect(pending.getByRole('row', { name: new RegExp(`#${policyId}\\b`) })).toBeVisible({
    timeout: 20_000,
  });
  await expect(premiums.getByRole('button', { name: 'Claim all' })).toBeDisabled();
  await expect(premiums.getByText(/cannot be claimed early; the next unlocks at/)).toBeVisible();
  await screens(page, testInfo, 'dashboard-pending');
  await reconciled(page);

  // 5. 144 more blocks: the share is due and earned (distribute-premiums runs with each block).
  await banner.getByRole('button', { name: 'Mine 1 day of blocks' }).click();
  await expect(banner.getByText(/burn height \d+/)).toBeVisible();
  await page.reload();
  const claimAll = premiums.getByRole('button', { name: 'Claim all' });
  await expect(claimAll).toBeEnabled({ timeout: 20_000 });
  await expect(pending).toHaveCount(0);

  // 6. Claim all moves it to available; every step is in the history.
  await claimAll.click();
  await expect(premiums.getByText(/^Claimed .* from 1 polic/)).toBeVisible();
  await page.reload();
  // Case-sensitive, whole words, inside the table (not the filter's "Deposits" option).
  for (const words of [
    'Deposit',
    `Locked for policy #${policyId}`,
    `Released from policy #${policyId}`,
    `Premium pending from policy #${policyId}`,
    `Premium earned from policy #${policyId}`,
    'Premiums claimed to available',
  ])
    await expect(
      history
        .getByRole('table')
        .getByText(new RegExp(`${words}\\b`))
        .first(),
    ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Over time' })).toBeVisible();
  await screens(page, testInfo, 'dashboard-claimed');
  await reconciled(page);
});
