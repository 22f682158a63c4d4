import { devnetAccount } from '@bithedge/api/devnet';
import { expect, type Page, test } from '@playwright/test';
import { shortAddress } from '../src/lib/format';
import { inOwnContext, shockPrices, signIn } from './journey';

// Runs last, in the phone project only (playwright.config.ts): it deposits into the pool and moves
// the simulated prices, which the home page's and the quotes' checks must not see.

/** Moves both prices by the same factor (so a provider's value scales by it exactly); returns it. */
async function shockBoth(page: Page, factor: number): Promise<number> {
  let left = factor;
  // The route takes at most +1000% per call.
  while (Math.abs(left - 1) > 1e-12) {
    const step = Math.min(left, 10);
    const pct = (step - 1) * 100;
    await shockPrices(page, { btcChangePct: pct, stxChangePct: pct });
    left /= step;
  }
  return factor;
}

async function ratioPercent(page: Page): Promise<number> {
  const text = (await page.getByTestId('health-ratio').textContent()) ?? '';
  return Number(text.replace(/[^\d.]/g, ''));
}

/**
 * Shocks both prices until the dashboard's ratio is within `tolerance` points of `target`; returns
 * the factor moved. The ratio is not proportional to the shock (an sBTC CALL's requirement moves
 * with BTC while a PUT's stays at its strike), so each step aims by the ratio it reads and the
 * steps converge from above.
 */
async function shockRatioTo(page: Page, target: number, tolerance: number): Promise<number> {
  let moved = 1;
  for (let step = 0; step < 12; step++) {
    const ratio = await ratioPercent(page);
    if (Math.abs(ratio - target) <= tolerance) return moved;
    moved *= await shockBoth(page, target / ratio);
    await page.reload();
  }
  throw new Error(`the health ratio did not reach ${target}% ± ${tolerance}`);
}

test('collateral health: shocks turn a provider Warning then MarginCall, a withdrawal is refused with the top-up, the top-up restores it, each change is notified', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const account = devnetAccount('wallet_1');
  let moved = 1;
  try {
    // A deposit under the provider's tier (wallet_1 is a seeded conservative provider whose
    // collateral already backs a policy).
    await page.goto('/provide');
    await page
      .getByTestId('dev-wallet-banner')
      .getByRole('combobox', { name: 'Account' })
      .selectOption('wallet_1');
    await page.getByRole('main').getByRole('button', { name: 'Connect wallet' }).click();
    await expect(page.getByTestId('session-address')).toContainText(shortAddress(account.address));
    await page.getByLabel('Amount (STX)').fill('100');
    await page.getByText('Conservative', { exact: true }).click();
    await page.getByRole('button', { name: 'Deposit' }).click();
    await expect(page.getByTestId('deposit-txid')).toContainText('Sent: transaction 0x');

    await page.goto('/dashboard');
    const panel = page.getByTestId('health-panel');
    await expect(panel).toHaveAttribute('data-status', 'healthy');
    const start = await ratioPercent(page);
    expect(start).toBeGreaterThan(130);

    // The banner's own control: STX −10%, recorded and checked at once.
    const banner = page.getByTestId('dev-wallet-banner');
    await banner.getByTestId('shock-choice').selectOption('stx-10');
    await banner.getByRole('button', { name: 'Shock prices' }).click();
    await expect(banner.getByText(/^STX \$/)).toBeVisible();
    moved *= 0.9;
    await page.reload();
    const afterShock = await ratioPercent(page);
    expect(afterShock).toBeLessThan(start);

    // Down into the conservative tier's warning band (115%–130%), then below it.
    moved *= await shockRatioTo(page, 122, 3);
    await expect(panel).toHaveAttribute('data-status', 'warning');
    await expect(page.getByTestId('health-banner')).toContainText('Collateral health: Warning');
    await page.screenshot({ path: testInfo.outputPath('health-warning.png'), fullPage: true });

    moved *= await shockRatioTo(page, 110, 3);
    await expect(panel).toHaveAttribute('data-status', 'margin_call');
    const healthBanner = page.getByTestId('health-banner');
    await expect(healthBanner).toContainText('Margin call: withdrawals are paused');
    await expect(page.getByTestId('restore-amount')).toContainText('STX');
    await page.screenshot({ path: testInfo.outputPath('health-margin-call.png'), fullPage: true });

    // The margin call is an admin alert too: the admin sees it and resolves it with a note.
    await inOwnContext(browser, testInfo, async (admin) => {
      await admin.goto('/admin');
      await signIn(admin, 'deployer');
      const alerts = admin.getByRole('region', { name: /^Alerts/ });
      const alert = alerts
        .getByRole('listitem')
        .filter({ hasText: `Provider ${account.address} is in margin call` });
      await expect
        .poll(async () => {
          await admin.reload();
          return alert.count();
        })
        .toBeGreaterThan(0);
      await expect(alert.first()).toContainText('Margin call');
      await admin.screenshot({ path: testInfo.outputPath('admin-alerts.png'), fullPage: false });
      const open = await alert.count();
      await alert.first().getByRole('button', { name: 'Resolve…' }).click();
      await alert.first().getByLabel('How it was dealt with').fill('Provider asked to top up');
      await alert.first().getByRole('button', { name: 'Resolve', exact: true }).click();
      await expect(alert).toHaveCount(open - 1);
      await expect(admin.getByRole('region', { name: 'Audit log' })).toContainText('Resolved an alert');
    });

    // A withdrawal is refused, naming the deposit that restores health.
    const withdraw = page.getByRole('region', { name: 'Withdraw' });
    await withdraw.getByLabel(/Amount \(STX\)/).fill('1');
    await withdraw.getByRole('button', { name: 'Request withdrawal' }).click();
    await expect(
      withdraw.getByText(/withdrawals are refused until a deposit of [\d.]+ STX restores it/),
    ).toBeVisible();

    // One click tops up through the deposit call; the local chain ingests it and a health pass runs.
    // The local chain mines and ingests it at once; the deposit refetches health, the banner goes.
    await healthBanner.getByTestId('top-up').click();
    await expect(page.getByTestId('health-banner')).toHaveCount(0, { timeout: 30_000 });
    await expect(panel).toHaveAttribute('data-status', 'healthy');
    await page.screenshot({ path: testInfo.outputPath('health-restored.png'), fullPage: true });

    // One notification per transition, newest first.
    const bell = page.getByTestId('notification-bell');
    await expect(page.getByTestId('notification-count')).toHaveText(/^[1-9]\d*$/);
    await bell.click();
    const titles = page.getByTestId('notification').locator('p.font-medium');
    await expect(titles.first()).toHaveText('Collateral health restored');
    await expect(titles.nth(1)).toHaveText('Margin call: withdrawals are paused');
    await expect(titles.nth(2)).toHaveText('Collateral health: Warning');
    await page.screenshot({ path: testInfo.outputPath('health-notifications.png'), fullPage: true });
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expect(page.getByTestId('notification-count')).toHaveCount(0);
  } finally {
    // Put the prices back for anything after this test.
    if (moved !== 1) await shockBoth(page, 1 / moved);
  }
});
