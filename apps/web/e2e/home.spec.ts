import { DEMO_PROVIDERS, type Token } from '@bithedge/db';
import { expect, test } from '@playwright/test';
import { formatBps, formatToken } from '../src/lib/format';

/** The figures the seed must produce, computed from the seed definition itself. */
function seeded(token: Token) {
  const rows = DEMO_PROVIDERS.flatMap((p) => p.balances.filter((b) => b.token === token));
  const total = rows.reduce((a, b) => a + b.available + b.locked, 0n);
  const locked = rows.reduce((a, b) => a + b.locked, 0n);
  return { total, locked, utilizationBps: Number((locked * 10_000n) / total), providers: rows.length };
}

test('home page shows the seeded pool figures and the navigation', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Bitcoin price protection');

  for (const token of ['STX', 'SBTC'] as const) {
    const expected = seeded(token);
    const card = page.getByTestId(`pool-${token}`);
    await expect(card.getByTestId('total-capital')).toHaveText(formatToken(expected.total, token));
    await expect(card.getByTestId('locked')).toHaveText(formatToken(expected.locked, token));
    await expect(card.getByTestId('utilization')).toHaveText(formatBps(expected.utilizationBps));
    await expect(card).toContainText(`${expected.providers} providers`);
  }

  const screenshotPath = testInfo.outputPath('home.png');
  await page.screenshot({ path: screenshotPath, fullPage: true });
  await testInfo.attach('home', { path: screenshotPath, contentType: 'image/png' });

  // On a phone the navigation sits behind the menu button.
  const openNav = async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    if (!(await nav.isVisible())) await page.getByRole('button', { name: 'Open menu' }).click();
    return nav;
  };
  for (const [label, path] of [
    ['Protect', '/protect'],
    ['Provide', '/provide'],
    ['Dashboard', '/dashboard'],
    ['Pool', '/pool'],
  ] as const) {
    await (await openNav()).getByRole('link', { name: label, exact: true }).click();
    // A page may add its default parameters to the URL (/provide keeps its estimate shareable).
    await expect(page).toHaveURL(new RegExp(`${path}(\\?.*)?$`));
    await expect((await openNav()).getByRole('link', { name: label, exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
  }
  await expect(page.getByRole('heading', { name: 'Pool metrics' })).toBeVisible();
});

test('a link clicked right after /provide or /protect opens keeps its destination', async ({ page }) => {
  // Both pages write their parameters into the URL; written after a debounce, that replaceState
  // could land after a click on a link and take the reader back (a flaky nav test showed it).
  // The clicks go to the main navigation's links (in the page on a phone too, behind the menu).
  const follow = (href: string) =>
    page.evaluate((h) => {
      document.querySelector<HTMLAnchorElement>(`nav[aria-label="Main"] a[href="${h}"]`)?.click();
    }, href);
  for (const from of ['/provide', '/protect']) {
    await page.goto('/');
    await follow(from);
    await expect(page).toHaveURL(new RegExp(`${from}(\\?.*)?$`));
    await follow('/pool');
    await expect(page).toHaveURL(/\/pool$/);
    // Still there once any pending write of the previous page would have landed.
    await page.waitForTimeout(600);
    await expect(page).toHaveURL(/\/pool$/);
  }
});

test('health endpoint reports the database', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  // The suite runs on both (scripts/e2e.mjs); E2E_DATABASE says which this server is on.
  const database = process.env.E2E_DATABASE === 'postgres' ? 'postgres' : 'pglite';
  expect(await response.json()).toMatchObject({ status: 'ok', database });
});

test('the tRPC endpoint answers an unknown procedure with a typed 404, not a 500', async ({ request }) => {
  const response = await request.get('/api/trpc/pool.nothingHere');
  expect(response.status()).toBe(404);
  const body = await response.json();
  expect(body.error.json.data.code).toBe('NOT_FOUND');
});
