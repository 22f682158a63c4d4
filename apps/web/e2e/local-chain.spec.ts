import { devnetAccount } from '@bithedge/api/devnet';
import { expect, test } from '@playwright/test';
import { shortAddress } from '../src/lib/format';

test('a deposit from /provide is signed by the dev wallet, runs on the local chain and reaches the ledger', async ({
  page,
}, testInfo) => {
  const account = devnetAccount('wallet_3');
  await page.goto('/provide');
  await page
    .getByTestId('dev-wallet-banner')
    .getByRole('combobox', { name: 'Account' })
    .selectOption('wallet_3');
  await page.getByRole('main').getByRole('button', { name: 'Connect wallet' }).click();
  await expect(page.getByTestId('session-address')).toContainText(shortAddress(account.address));

  const stx = page.getByRole('main').locator('section', { hasText: 'STX' }).first();
  const deposited = async () =>
    Number(((await stx.locator('dd').first().textContent()) ?? '').replace(/[^\d.]/g, ''));
  await expect(stx).toBeVisible();
  const before = await deposited();

  // Bad input is named and nothing is sent.
  await page.getByLabel('Amount (STX)').fill('1.1234567');
  await page.getByRole('button', { name: 'Deposit' }).click();
  await expect(page.getByText('Enter an amount of STX with at most 6 decimals')).toBeVisible();

  await page.getByLabel('Amount (STX)').fill('2500');
  await page.getByText('Aggressive', { exact: true }).click();
  await page.getByRole('button', { name: 'Deposit' }).click();
  await expect(page.getByTestId('deposit-txid')).toContainText('Sent: transaction 0x');
  await expect.poll(deposited).toBe(before + 2_500);
  await page.screenshot({ path: testInfo.outputPath('provide.png'), fullPage: true });

  // The vault and the backend agree.
  const state = await (await page.request.get('/api/local-chain/state')).json();
  expect(state).toMatchObject({ reconciled: true });
  expect(BigInt(state.tokens[0].vault.balance)).toBeGreaterThanOrEqual(2_500_000_000n);
});

test('sBTC is deposited, and STX is withdrawn: reserved, authorized by the operator, signed by the wallet', async ({
  page,
}, testInfo) => {
  const account = devnetAccount('wallet_2');
  await page.goto('/provide');
  await page
    .getByTestId('dev-wallet-banner')
    .getByRole('combobox', { name: 'Account' })
    .selectOption('wallet_2');
  await page.getByRole('main').getByRole('button', { name: 'Connect wallet' }).click();
  await expect(page.getByTestId('session-address')).toContainText(shortAddress(account.address));

  // sBTC: 8 decimals, its own post-condition (the mock token on the local chain).
  // The asset choice, not the signed-in portfolio's sBTC/STX headings above the form.
  const asset = page.getByRole('group', { name: 'Asset' });
  await asset.getByText('sBTC', { exact: true }).click();
  await page.getByLabel('Amount (sBTC)').fill('0.5');
  await page.getByRole('button', { name: 'Deposit' }).click();
  await expect(page.getByTestId('deposit-txid')).toContainText('Sent: transaction 0x');
  const sbtc = page
    .getByRole('main')
    .locator('section', { has: page.getByRole('heading', { name: 'sBTC' }) });
  await expect(sbtc.locator('dd').first()).toHaveText('0.5 sBTC');

  await asset.getByText('STX', { exact: true }).click();
  await page.getByLabel('Amount (STX)').fill('1000');
  await page.getByRole('button', { name: 'Deposit' }).click();
  await expect(page.getByTestId('deposit-txid')).toContainText('Sent: transaction 0x');

  await page.goto('/dashboard');
  const withdraw = page.getByRole('region', { name: 'Withdraw' });
  await expect(withdraw).toBeVisible();
  // More than is available is refused before anything is sent.
  await withdraw.getByLabel(/Amount \(STX\)/).fill('1000000');
  await withdraw.getByRole('button', { name: 'Request withdrawal' }).click();
  await expect(withdraw.getByText(/Enter an amount above 0 and at most/)).toBeVisible();

  await withdraw.getByLabel(/Amount \(STX\)/).fill('400');
  await withdraw.getByRole('button', { name: 'Request withdrawal' }).click();
  // The operator (a pass every 2 s on the local chain) authorizes exactly the reserved amount.
  const go = withdraw.getByRole('button', { name: 'Withdraw 400 STX' });
  await expect(go).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: testInfo.outputPath('withdraw-authorized.png'), fullPage: true });
  await go.click();
  await expect(withdraw.getByTestId('withdraw-txid')).toContainText('Sent: transaction 0x');
  await expect(withdraw.getByRole('list', { name: 'Withdrawals in progress' })).toHaveCount(0);
  const stx = page.getByRole('main').locator('section', { has: page.getByRole('heading', { name: 'STX' }) });
  await expect(stx.getByText('Pending withdrawal').locator('xpath=following-sibling::dd[1]')).toHaveText(
    '0 STX',
  );
  await page.screenshot({ path: testInfo.outputPath('withdraw-done.png'), fullPage: true });

  const state = await (await page.request.get('/api/local-chain/state')).json();
  expect(state).toMatchObject({ reconciled: true });
});

test('a quote is bought with the wallet, its collateral locked, and it expires at its height', async ({
  page,
}, testInfo) => {
  await page.goto('/protect?type=PUT&pct=80&amount=0.01&days=1');
  await page
    .getByTestId('dev-wallet-banner')
    .getByRole('combobox', { name: 'Account' })
    .selectOption('wallet_3');
  const save = page.getByRole('heading', { name: 'Save this quote' }).locator('..');
  await save.getByRole('button', { name: 'Connect wallet' }).click();
  await expect(page.getByTestId('session-address')).toBeVisible();
  // A name of its own, so a retry finds this quote, not the first attempt's.
  const name = `E2E bought hedge ${Date.now()}`;
  await save.getByLabel('Name (optional)').fill(name);
  await save.getByRole('button', { name: 'Save quote' }).click();
  await expect(save.getByRole('status')).toContainText('Saved at');
  await page.getByRole('main').getByRole('link', { name: 'All quotes' }).click();
  await page
    .getByTestId('quote-list')
    .getByRole('link', { name: new RegExp(name) })
    .click();

  await expect(page.getByTestId('chain-terms')).toContainText('conservative tier');
  // Buying re-prices the quote. The simulated feed ticks every minute, so the premium may have
  // moved since the save: then the page shows both and the buyer confirms the new one.
  await expect(page.getByTestId('price-comparison')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('quote-before-buy.png'), fullPage: true });
  await page.getByRole('button', { name: 'Buy protection' }).click();
  const purchased = page.getByText('This quote was purchased.');
  const confirm = page.getByRole('button', { name: /^Confirm and buy at \$/ });
  await expect(purchased.or(confirm)).toBeVisible();
  if (await confirm.isVisible()) {
    await expect(page.getByTestId('confirm-price')).toContainText(
      /(Saved at|You accepted) \$[\d,.]+ — now \$/,
    );
    await page.screenshot({ path: testInfo.outputPath('quote-confirm-price.png'), fullPage: true });
    await confirm.click();
  }
  // The local chain mines and ingests at once, so the quote already reads as purchased.
  await expect(purchased).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'your policies' }).click();
  const policy = page.getByRole('list', { name: 'Your policies' }).getByRole('listitem').first();
  await expect(policy).toContainText('active');
  await expect(policy).toContainText('PUT · 0.01 BTC');
  await page.screenshot({ path: testInfo.outputPath('policies-active.png'), fullPage: true });
  // The purchase itself locked its collateral on chain: vault, mirror and ledger agree.
  expect(await (await page.request.get('/api/local-chain/state')).json()).toMatchObject({ reconciled: true });

  // A day of Bitcoin blocks later (the dev wallet banner's control) the operator settles it: at
  // 80% of spot it expires.
  const banner = page.getByTestId('dev-wallet-banner');
  await banner.getByRole('button', { name: 'Mine 1 day of blocks' }).click();
  await expect(banner.getByText(/burn height \d+/)).toBeVisible();
  await page.reload();
  await expect(policy).toContainText('expired');
  await page.screenshot({ path: testInfo.outputPath('policies-expired.png'), fullPage: true });
  expect(await (await page.request.get('/api/local-chain/state')).json()).toMatchObject({ reconciled: true });
});
