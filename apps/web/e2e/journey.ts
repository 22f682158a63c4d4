import { devnetAccount } from '@bithedge/api/devnet';
import { type Browser, expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { shortAddress } from '../src/lib/format';

// Steps the journey specs share: signing in with the dev wallet, buying a policy as a second
// person, moving the simulated prices, screenshots at both widths, and the vault = mirror = ledger
// check.

/**
 * Moves the simulated BTC and STX prices by these percentages (development only: the local
 * chain’s shock route, at most +1000% a call).
 */
export async function shockPrices(page: Page, change: { btcChangePct?: number; stxChangePct?: number }) {
  const response = await page.request.post('/api/local-chain/shock', { data: change });
  expect(response.status(), await response.text()).toBe(200);
}

/** Picks the dev wallet's account and signs in with the Connect button inside `scope`. */
export async function signIn(
  page: Page,
  account: 'deployer' | 'wallet_2' | 'wallet_3',
  scope: Locator = page.getByRole('main'),
) {
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
export async function screens(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}-phone.png`), fullPage: true });
  const phone = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-desktop.png`), fullPage: true });
  if (phone) await page.setViewportSize(phone);
}

export async function reconciled(page: Page) {
  expect(await (await page.request.get('/api/local-chain/state')).json()).toMatchObject({ reconciled: true });
}

/**
 * The buyer (wallet_2), in a browser context of its own: saves the quote /protect shows for
 * `query` (its URL state), checks the tier that backs it, and buys it. Returns the on-chain id.
 */
export async function buyPolicy(
  browser: Browser,
  testInfo: TestInfo,
  { query, tier, payout }: { query: string; tier: string; payout?: RegExp },
): Promise<string> {
  return inOwnContext(browser, testInfo, async (page) => {
    await page.goto(`/protect?${query}`);
    if (payout) await expect(page.getByTestId('payout-asset')).toContainText(payout);
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
    await expect(page.getByTestId('chain-terms')).toContainText(`${tier} tier`);
    if (payout) await expect(page.getByTestId('chain-terms')).toContainText(payout);
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
  });
}

/** Runs `steps` as a second person: a browser context of its own (its own cookies, its own session). */
export async function inOwnContext<T>(
  browser: Browser,
  testInfo: TestInfo,
  steps: (page: Page) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext({
    ...testInfo.project.use,
    baseURL: testInfo.project.use.baseURL,
  });
  try {
    return await steps(await context.newPage());
  } finally {
    await context.close();
  }
}
