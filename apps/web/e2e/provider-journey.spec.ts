import { devnetAccount } from '@bithedge/api/devnet';
import { type Browser, expect, type Locator, type Page, type TestInfo, test } from '@playwright/test';
import { shortAddress } from '../src/lib/format';

// Phone project only, after the home page's checks (playwright.config.ts): it deposits into the
// pool, buys a policy and mines blocks on the local chain.

/** Picks the dev wallet's account and signs in with the Connect button inside `scope`. */
async function signIn(page: Page, account: 'wallet_2' | 'wallet_3', scope: Locator = page.getByRole('main')) {
  await page
    .getByTestId('dev-wallet-banner')
    .getByRole('combobox', { name: 'Account' })
    .selectOption(account);
  await scope.getByRole('button', { name: 'Connect wallet' }).first().click();
  await expect(page.getByTestId('session-address')).toContainText(
    shortAddress(devnetAccount(account).address),
  );
}

/** A screenshot on the phone and one at a desktop width, for looking at what changed. */
async function screens(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}-phone.png`), fullPage: true });
  const phone = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-desktop.png`), fullPage: true });
  if (phone) await page.setViewportSize(phone);
}

async function reconciled(page: Page) {
  expect(await (await page.request.get('/api/local-chain/state')).json()).toMatchObject({ reconciled: true });
}

/** The buyer, in a browser context of its own: saves a 1-day PUT at 95% (aggressive tier) and buys it. */
async function buyPolicy(browser: Browser, testInfo: TestInfo): Promise<string> {
  const context = await browser.newContext({
    ...testInfo.project.use,
    baseURL: testInfo.project.use.baseURL,
  });
  const page = await context.newPage();
  try {
    await page.goto('/protect?type=PUT&pct=95&amount=0.01&days=1');
    const save = page.getByRole('heading', { name: 'Save this quote' }).locator('..');
    await signIn(page, 'wallet_2', save);
    // A name of its own, so a re-run against the same server finds this quote, not an earlier one.
    const name = `Journey hedge ${Date.now()}`;
    await save.getByLabel('Name (optional)').fill(name);
    await save.getByRole('button', { name: 'Save quote' }).click();
    await expect(save.getByRole('status')).toContainText('Saved at');
    await page.getByRole('main').getByRole('link', { name: 'All quotes' }).click();
    await page
      .getByTestId('quote-list')
      .getByRole('link', { name: new RegExp(name) })
      .click();
    await expect(page.getByTestId('chain-terms')).toContainText('aggressive tier');
    await page.getByRole('button', { name: 'Buy protection' }).click();
    const purchased = page.getByText('This quote was purchased.');
    const confirm = page.getByRole('button', { name: /^Confirm and buy at \$/ });
    await expect(purchased.or(confirm)).toBeVisible();
    if (await confirm.isVisible()) await confirm.click();
    await expect(purchased).toBeVisible();
    const policies = await (await page.request.get('/api/trpc/policies.mine')).json();
    const mine = policies.result.data.json as { status: string; onchainId: string | null }[];
    const bought = mine.find((p) => p.status === 'ACTIVE' && p.onchainId !== null);
    expect(bought, JSON.stringify(mine)).toBeDefined();
    return bought!.onchainId!;
  } finally {
    await context.close();
  }
}

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
  const policyId = await buyPolicy(browser, testInfo);
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
