import { devnetAccount } from '@bithedge/api/devnet';
import { expect, type Page, test } from '@playwright/test';
import { formatToken } from '../src/lib/format';
import { buyPolicy, inOwnContext, reconciled, screens, shockPrices, signIn } from './journey';

// Phone project only, after the provider journey and before the health spec (playwright.config.ts):
// it deposits sBTC, buys a CALL, moves the simulated BTC price and mines blocks on the local chain.

const buyer = devnetAccount('wallet_2').address;

async function buyerSbtc(page: Page): Promise<bigint> {
  const response = await page.request.get(`/api/local-chain/wallet?principal=${buyer}`);
  expect(response.status(), await response.text()).toBe(200);
  return BigInt((await response.json()).sbtc);
}

test('an sBTC-backed CALL: an sBTC provider deposits, a buyer buys a CALL, BTC ends above the strike, the buyer is paid in sBTC, the provider is debited and its premium share appears', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  let shocked = false;
  try {
    // 1. The sBTC yield estimate names what the capital backs; the provider deposits sBTC.
    await page.goto('/provide?token=SBTC&amount=0.5&tier=aggressive&days=30');
    await expect(page.getByTestId('yield-apy')).toBeVisible();
    await expect(page.getByText(/APY now · backs CALLs at 100%/).first()).toBeVisible();
    await signIn(page, 'wallet_3');
    await expect(page.getByLabel('Amount (sBTC)')).toHaveValue('0.5');
    await page.getByRole('button', { name: 'Deposit' }).click();
    await expect(page.getByTestId('deposit-txid')).toContainText('Sent: transaction 0x');
    await reconciled(page);

    // 2. A buyer buys a 1-day CALL at 102% of spot: sBTC backs it and pays it out.
    const policyId = await buyPolicy(browser, testInfo, {
      query: 'type=CALL&pct=102&amount=0.01&days=1',
      tier: 'aggressive',
      payout: /sBTC/,
    });
    await page.goto('/dashboard');
    const backed = page.getByRole('region', { name: 'Policies you back' });
    await expect(backed).toBeVisible({ timeout: 30_000 });
    const row = backed.getByRole('row', { name: new RegExp(`#${policyId}\\b`) });
    // Locked in sBTC; the premium share is STX.
    await expect(row).toContainText(/sBTC.*STX/);
    const history = page.getByRole('region', { name: 'Transaction history' });
    await expect(history.getByText(`Locked for policy #${policyId}`).first()).toBeVisible();
    await reconciled(page);

    // 3. BTC rises 20% above where the CALL was priced (strike 102%), and a day of blocks passes:
    // the operator exercises it with exercise-policy-sbtc at expiry.
    const before = await buyerSbtc(page);
    await shockPrices(page, { btcChangePct: 20 });
    shocked = true;
    const banner = page.getByTestId('dev-wallet-banner');
    await banner.getByRole('button', { name: 'Mine 1 day of blocks' }).click();
    await expect(banner.getByText(/burn height \d+/)).toBeVisible();
    await reconciled(page);

    // 4. The buyer was paid in sBTC: (S − K) ÷ S × amount, about 15% of 0.01 BTC.
    await expect.poll(async () => (await buyerSbtc(page)) - before).toBeGreaterThan(0n);
    const paid = (await buyerSbtc(page)) - before;
    expect(paid).toBeGreaterThan(140_000n);
    expect(paid).toBeLessThan(160_000n);
    await inOwnContext(browser, testInfo, async (buyerPage) => {
      await buyerPage.goto('/policies');
      await signIn(buyerPage, 'wallet_2');
      const card = buyerPage.getByRole('listitem').filter({ hasText: `#${policyId}` });
      await expect(card.getByTestId('policy-payout-asset')).toContainText('sBTC');
      await expect(card.getByTestId('policy-payout')).toContainText(formatToken(paid, 'SBTC'));
      await screens(buyerPage, testInfo, 'policies-call-paid');
    });

    // 5. The provider's sBTC was debited for the settlement, and its premium share (STX) is pending.
    await page.reload();
    await expect(history.getByText(`Settlement debit for policy #${policyId}`).first()).toBeVisible({
      timeout: 30_000,
    });
    const premiums = page.getByRole('region', { name: 'Premiums', exact: true });
    const pending = premiums.getByRole('table', { name: 'Pending premium shares' });
    await expect(pending.getByRole('row', { name: new RegExp(`#${policyId}\\b`) })).toContainText('STX');
    await screens(page, testInfo, 'dashboard-call-settled');
    await reconciled(page);
  } finally {
    // Put BTC back for the specs after this one.
    if (shocked) await shockPrices(page, { btcChangePct: (1 / 1.2 - 1) * 100 });
  }
});
