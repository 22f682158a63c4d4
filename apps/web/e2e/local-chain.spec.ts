import { devnetAccount } from '@bithedge/api/devnet';
import { contractIds, depositCall } from '@bithedge/contracts';
import { expect, test } from '@playwright/test';
import { Cl, postConditionToHex } from '@stacks/transactions';
import { shortAddress } from '../src/lib/format';

test('a deposit signed by the dev wallet runs on the local chain and reaches the provider ledger', async ({
  page,
}) => {
  const account = devnetAccount('wallet_3');
  await page.goto('/dashboard');
  await page.getByTestId('dev-wallet-banner').getByRole('combobox').selectOption('wallet_3');
  await page.getByRole('main').getByRole('button', { name: 'Connect wallet' }).click();
  await expect(page.getByTestId('session-address')).toContainText(shortAddress(account.address));
  const stx = page.getByRole('main').locator('section', { hasText: 'STX' }).first();
  const deposited = async () => {
    const text = (await stx.locator('dd').first().textContent()) ?? '';
    return Number(text.replace(/[^\d.]/g, ''));
  };
  await expect(stx).toBeVisible();
  const before = await deposited();

  const call = depositCall(contractIds('devnet'), {
    provider: account.address,
    token: 'STX',
    amount: 2_500_000_000n,
    tier: 'aggressive',
  });
  const params = {
    contract: call.contract,
    functionName: call.functionName,
    functionArgs: call.functionArgs.map((arg) => Cl.serialize(arg)),
    postConditions: call.postConditions.map((pc) => postConditionToHex(pc)),
    postConditionMode: call.postConditionMode,
  };
  const response = await page.evaluate(
    (p) =>
      (
        window as unknown as { BitHedgeDevWallet: { request: (m: string, p: unknown) => Promise<unknown> } }
      ).BitHedgeDevWallet.request('stx_callContract', p),
    params,
  );
  expect(response).toMatchObject({ result: { txid: expect.stringMatching(/^0x[0-9a-f]{64}$/) } });

  await page.reload();
  await expect.poll(deposited).toBe(before + 2_500);

  // The vault and the backend agree.
  const state = await (await page.request.get('/api/local-chain/state')).json();
  expect(state).toMatchObject({ reconciled: true });
  expect(BigInt(state.tokens[0].vault.balance)).toBeGreaterThanOrEqual(2_500_000_000n);
});
