import { expect, type Page, test } from '@playwright/test';
import superjson from 'superjson';
import { formatUsd } from '../src/lib/format';

interface PoolFigures {
  collateralUsd: bigint;
  payoutsUsd: bigint;
  lpNetUsd: bigint;
}

/** The pool's figures for a scenario, straight from the API the page calls. */
async function poolAt(page: Page, btcChangePct: number, stxChangePct: number): Promise<PoolFigures> {
  const input = encodeURIComponent(JSON.stringify({ json: { btcChangePct, stxChangePct } }));
  const response = await page.request.get(`/api/trpc/pool.stressTest?input=${input}`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
  return superjson.deserialize<{ pool: PoolFigures }>(body.result.data).pool;
}

/**
 * The page shows what the API answers for the scenario. The simulated prices tick every minute and
 * the page does not refetch on its own, so when a tick falls between the page's figures and the
 * API call, the page is reloaded (the URL holds the scenario) and compared again.
 */
async function expectFigures(page: Page, btcChangePct: number, stxChangePct: number) {
  await expect(async () => {
    await page.getByTestId('pool-collateral').waitFor();
    const pool = await poolAt(page, btcChangePct, stxChangePct);
    const expected = [pool.collateralUsd, pool.payoutsUsd, pool.lpNetUsd].map((usd) => formatUsd(usd));
    const shown = await Promise.all(
      ['pool-collateral', 'pool-payouts', 'pool-lp-net'].map((id) => page.getByTestId(id).textContent()),
    );
    if (shown.join('|') !== expected.join('|')) {
      await page.reload();
      expect(shown).toEqual(expected);
    }
  }).toPass({ timeout: 90_000 });
}

test('the pool page links to the stress test', async ({ page }) => {
  await page.goto('/pool');
  await page.getByRole('link', { name: 'Stress-test the pool' }).click();
  await expect(page).toHaveURL(/\/pool\/stress$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Stress test' })).toBeVisible();
  await expect(page.getByLabel('BTC change', { exact: true })).toHaveValue('0');
});

test('a shared scenario opens at its values, and the sliders move the URL and the figures', async ({
  page,
}, testInfo) => {
  await page.goto('/pool/stress?btc=-50&stx=-30');
  const btc = page.getByLabel('BTC change', { exact: true });
  const stx = page.getByLabel('STX change', { exact: true });
  await expect(btc).toHaveValue('-50');
  await expect(stx).toHaveValue('-30');
  await expect(page.getByTestId('btc-change-value')).toHaveText('−50%');
  await expect(page.getByTestId('stx-change-value')).toHaveText('−30%');

  const table = page.getByRole('table', { name: 'Stress test by risk tier' });
  for (const tier of ['Conservative', 'Balanced', 'Aggressive'])
    await expect(table.getByRole('rowheader', { name: tier })).toBeVisible();
  await expectFigures(page, -50, -30);
  // The curve, or — with no live policy — a sentence saying there is nothing to chart.
  await expect(page.getByTestId('stress-chart').or(page.getByText('No live policies'))).toBeVisible();
  const priceBefore = await page.getByTestId('btc-change-price').textContent();

  // Ten steps up with the keyboard, as a slider is moved without a mouse.
  await btc.focus();
  for (let i = 0; i < 10; i++) await btc.press('ArrowRight');
  await expect(btc).toHaveValue('-40');
  await expect(page.getByTestId('btc-change-value')).toHaveText('−40%');
  await expect(page.getByTestId('btc-change-price')).not.toHaveText(priceBefore ?? '');
  await expect(page).toHaveURL(/[?&]btc=-40(&|$)/);
  await expect(page).toHaveURL(/[?&]stx=-30(&|$)/);
  await expect(page.getByText('Updating…')).toHaveCount(0);
  await expectFigures(page, -40, -30);

  const shot = testInfo.outputPath('stress.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('stress', { path: shot, contentType: 'image/png' });

  // Back to today: the URL is bare again.
  await page.getByRole('button', { name: 'Back to today’s prices' }).click();
  await expect(btc).toHaveValue('0');
  await expect(page).toHaveURL(/\/pool\/stress$/);
});

test('a scenario outside the sliders’ range opens at today’s prices', async ({ page }) => {
  await page.goto('/pool/stress?btc=-95&stx=lots');
  await expect(page.getByLabel('BTC change', { exact: true })).toHaveValue('0');
  await expect(page.getByLabel('STX change', { exact: true })).toHaveValue('0');
  await expectFigures(page, 0, 0);
});
