import { expect, type Page, test } from '@playwright/test';
import { buyPolicy, inOwnContext, reconciled, screens, shockPrices, signIn } from './journey';

// Phone project only, after the home page's checks (playwright.config.ts): it deposits into the
// pool, buys policies, moves the simulated prices, mines blocks on the local chain and publishes
// risk parameters (then the original values again, for the specs after it).

const PUT_95 = 'type=PUT&pct=95&amount=0.01&days=1';
/** The quote the buyer compares before and after the admin's publish. */
const REFERENCE = '/protect?type=PUT&pct=90&amount=1&days=30';

/** The premium (USD) and the risk-parameter version /protect shows for the reference quote. */
async function referencePremium(page: Page): Promise<{ usd: number; version: string }> {
  await page.goto(REFERENCE);
  const premium = page.getByTestId('premium-usd');
  await expect(premium).toHaveText(/^\$[\d,.]+$/);
  const usd = Number(((await premium.textContent()) ?? '').replace(/[$,]/g, ''));
  return { usd, version: (await page.getByTestId('risk-version').textContent()) ?? '' };
}

/** As the admin: sets the active PUT parameters' volatility multiplier, previewed and confirmed. */
async function publishVolatilityMultiplier(page: Page, value: string) {
  await page.goto('/admin');
  const risk = page.getByRole('main').locator('section[aria-labelledby="risk-heading"]');
  await risk.getByLabel('Volatility multiplier').fill(value);
  await risk.getByRole('button', { name: 'Preview' }).click();
  await expect(risk.getByRole('rowheader', { name: '30-day 90% PUT' })).toBeVisible();
  await risk.getByRole('button', { name: 'Publish…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(risk.getByText(/Published PUT v\d+: quotes use it now/)).toBeVisible();
}

test('the whole product, as a provider, a buyer and an admin: deposit, quote, save, buy, expiry, premium earned and claimed, an exercise after a price move, new risk parameters reprice the next quote', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(480_000);

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
  const policyId = await buyPolicy(browser, testInfo, { query: PUT_95, tier: 'aggressive' });
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

  // 7. A second policy, and BTC falls 20% below where it was priced: at expiry the operator
  // exercises it, the buyer is paid in STX and our collateral is debited for its share.
  const exercised = await buyPolicy(browser, testInfo, { query: PUT_95, tier: 'aggressive' });
  await shockPrices(page, { btcChangePct: -20 });
  try {
    await banner.getByRole('button', { name: 'Mine 1 day of blocks' }).click();
    await expect(banner.getByText(/burn height \d+/)).toBeVisible();
    await reconciled(page);
    await inOwnContext(browser, testInfo, async (buyer) => {
      await buyer.goto('/policies');
      await signIn(buyer, 'wallet_2');
      const card = buyer.getByRole('listitem').filter({ hasText: `#${exercised}` });
      await expect(card.getByTestId('policy-payout')).toContainText('STX');
      await expect(card.getByTestId('policy-payout-asset')).toContainText('STX');
    });
    await page.reload();
    await expect(history.getByText(`Settlement debit for policy #${exercised}`).first()).toBeVisible({
      timeout: 30_000,
    });
  } finally {
    await shockPrices(page, { btcChangePct: 25 });
  }
  await reconciled(page);

  // 8. The admin publishes riskier PUT parameters: the buyer's next quote uses them and costs
  // more; then the original values go back (a new version with them).
  await inOwnContext(browser, testInfo, async (admin) => {
    await admin.goto('/admin');
    await signIn(admin, 'deployer');
    await inOwnContext(browser, testInfo, async (buyer) => {
      const before = await referencePremium(buyer);
      await publishVolatilityMultiplier(admin, '2');
      const after = await referencePremium(buyer);
      expect(after.version).not.toBe(before.version);
      expect(after.usd).toBeGreaterThan(before.usd * 1.3);
    });
    await publishVolatilityMultiplier(admin, '1.1');
    await expect(admin.getByRole('region', { name: 'Audit log' }).getByText(/risk/i).first()).toBeVisible();
    await screens(admin, testInfo, 'admin-published');
  });
});
