import { devnetAccount } from '@bithedge/api/devnet';
import { expect, test } from '@playwright/test';
import { shortAddress } from '../src/lib/format';

// Risk parameters: previews only, publishing would reprice the quotes other specs check on the same
// server. Tiers: one capacity is published and restored, each applied on the vault.
test('admin console: sign-in prompt, 403 for a provider, previews for the admin', async ({
  page,
}, testInfo) => {
  const main = page.getByRole('main');
  await page.goto('/admin');
  await expect(main.getByRole('heading', { name: 'Sign in to continue' })).toBeVisible();
  await expect(main.getByRole('heading', { name: 'Risk parameters' })).toHaveCount(0);

  // wallet_1 (the dev wallet's default) is a provider, not an admin.
  await main.getByRole('button', { name: 'Connect wallet' }).click();
  await expect(page.getByTestId('session-address')).toContainText(
    shortAddress(devnetAccount('wallet_1').address),
  );
  await expect(main.getByRole('heading', { name: '403: admins only' })).toBeVisible();
  await expect(main.getByRole('heading', { name: 'Risk parameters' })).toHaveCount(0);
  // The status says so too (forbidden()), not only the page: the request carries the session.
  const refused = await page.request.get('/admin');
  expect(refused.status()).toBe(403);
  expect(await refused.text()).not.toContain('Risk parameters');

  // The deployer is in ADMIN_PRINCIPALS (playwright.config.ts).
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(main.getByRole('heading', { name: 'Sign in to continue' })).toBeVisible();
  await page.getByTestId('dev-wallet-banner').getByLabel('Account').selectOption('deployer');
  await main.getByRole('button', { name: 'Connect wallet' }).click();
  await expect(page.getByTestId('session-address')).toContainText(
    shortAddress(devnetAccount('deployer').address),
  );
  for (const name of ['Risk parameters', 'Tiers', 'Health', 'Operations', 'Audit log']) {
    await expect(main.getByRole('heading', { name, exact: true })).toBeVisible();
  }

  const risk = main.locator('section[aria-labelledby="risk-heading"]');
  await risk.getByRole('button', { name: 'Preview' }).click();
  await expect(risk.getByRole('rowheader', { name: '30-day 90% PUT' })).toBeVisible();
  await expect(risk.getByRole('button', { name: 'Publish…' })).toBeEnabled();

  const tiers = main.locator('section[aria-labelledby="tiers-heading"]');
  await tiers.getByLabel('Margin-call threshold (%)').fill('200');
  await tiers.getByRole('button', { name: 'Preview' }).click();
  await expect(tiers.getByText('must be below warningThresholdBps')).toBeVisible();
  await expect(tiers.getByRole('button', { name: 'Publish…' })).toBeDisabled();
  await tiers.getByLabel('Margin-call threshold (%)').fill('105.00');
  await tiers.getByRole('button', { name: 'Preview' }).click();
  await expect(tiers.getByText('Left with draft')).toBeVisible();

  // The vault's caps follow the published capacities only when the owner signs set-tier-cap: a new
  // capacity opens a mismatch (here and in Operations), the deployer — the vault's owner, signed
  // in — applies it with its wallet, the local chain mines and ingests it and the mismatch goes.
  // Round trip (50 → 60 → 50 sBTC) so the pool other specs check ends as seeded.
  const ops = main.locator('section[aria-labelledby="operations-heading"]');
  const mismatches = tiers.locator('[data-testid^="vault-cap-mismatch-"]');
  const capRow = tiers
    .getByRole('table', { name: 'Vault caps per tier and token' })
    .getByRole('row')
    .filter({ hasText: 'Aggressive sBTC' });
  await expect(mismatches).toHaveCount(0);
  await expect(capRow).toContainText('In sync');
  await tiers.getByLabel('Tier', { exact: true }).selectOption('aggressive');
  await tiers.getByLabel('Token', { exact: true }).selectOption('SBTC');
  for (const [from, to] of [
    ['50', '60'],
    ['60', '50'],
  ] as const) {
    await tiers.getByLabel('Capacity (sBTC)').fill(to);
    await tiers.getByRole('button', { name: 'Preview' }).click();
    await expect(tiers.getByText('Left with draft')).toBeVisible();
    await tiers.getByRole('button', { name: 'Publish…' }).click();
    await tiers.getByRole('dialog').getByRole('button', { name: 'Publish', exact: true }).click();
    const message = `The vault still caps Aggressive sBTC at ${from} sBTC; the contract owner must apply ${to} sBTC.`;
    const mismatch = tiers.getByTestId('vault-cap-mismatch-aggressive-SBTC');
    await expect(mismatch).toContainText(message);
    await expect(ops.getByText(message)).toBeVisible();
    await mismatch.getByRole('button', { name: 'Apply on the vault' }).click();
    await expect(tiers.getByTestId('vault-cap-sent')).toContainText('Aggressive sBTC: set-tier-cap sent');
    await expect(mismatches).toHaveCount(0);
    await expect(capRow).toContainText(`${to} sBTC`);
    await expect(capRow).toContainText('In sync');
  }
  await expect(ops.getByText("Every tier's cap on the vault matches its published capacity.")).toBeVisible();

  // Operations: every step is listed (the sandbox's scheduler runs them), with the other panels.
  await expect(ops.getByRole('rowheader', { name: /market-data/ })).toBeVisible();
  await expect(ops.getByRole('rowheader', { name: /prune-job-runs/ })).toBeVisible();
  for (const name of [
    'Scheduled steps',
    'Reconciliation',
    'Market data',
    'Chain ingestion',
    'Operator outbox',
    'Vault caps',
  ]) {
    await expect(ops.getByRole('heading', { name, exact: true })).toBeVisible();
  }
  await expect(
    ops.getByRole('table', { name: 'Market data age per asset' }).getByRole('rowheader', { name: 'BTC' }),
  ).toBeVisible();

  const shot = testInfo.outputPath('admin.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('admin console', { path: shot, contentType: 'image/png' });
});
