import { devnetAccount } from '@bithedge/api/devnet';
import { expect, test } from '@playwright/test';
import { shortAddress } from '../src/lib/format';

test('a deposit from /provide is signed by the dev wallet, runs on the local chain and reaches the ledger', async ({
  page,
}, testInfo) => {
  const account = devnetAccount('wallet_3');
  await page.goto('/provide');
  await page.getByTestId('dev-wallet-banner').getByRole('combobox').selectOption('wallet_3');
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
