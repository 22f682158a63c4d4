import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Test-only secrets for the test server; the specs import them to call protected routes.
export const E2E_CRON_SECRET = 'e2e-cron-secret-0123456789';
export const E2E_WEBHOOK_SECRET = 'e2e-webhook-secret-0123456789';

/**
 * The database the suite's server runs on. `pnpm e2e` (scripts/e2e.mjs) builds once, then runs
 * the desktop project on embedded PGlite and the phone project (every spec file) plus the
 * several-instances test on the real PostgreSQL server (E2E_FULL=true: every project on both).
 * `playwright test` alone is PGlite, both projects.
 */
const target = process.env.E2E_DATABASE === 'postgres' ? 'postgres' : 'pglite';
const databaseUrl = process.env.E2E_DATABASE_URL;
if (target === 'postgres' && !databaseUrl)
  throw new Error('E2E_DATABASE=postgres needs E2E_DATABASE_URL (scripts/e2e.mjs sets both)');
const port = Number(process.env.E2E_PORT ?? (target === 'postgres' ? 3101 : 3100));
/** scripts/e2e.mjs has built the app already. */
const prebuilt = process.env.E2E_PREBUILT === 'true';
const baseURL = `http://127.0.0.1:${port}`;
// Debian's Chromium where it exists (this project's CI); otherwise Playwright's own browser.
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const launchOptions = existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    }
  : {};

export default defineConfig({
  testDir: './e2e',
  outputDir: `./test-results/${target}`,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: `playwright-report/${target}` }],
    ['json', { outputFile: `../../.test-results/playwright-${target}.json` }],
  ],
  use: { baseURL, trace: 'retain-on-failure', screenshot: 'only-on-failure', launchOptions },
  projects: [
    // The local-chain deposit changes the pool the home page checks against the seed, so it runs
    // once, in the last project, after both home-page runs.
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], launchOptions },
      testIgnore: /local-chain|product-journey|sbtc-call-journey|withdrawal-health|multi-instance/,
    },
    { name: 'phone', use: { ...devices['Pixel 7'], launchOptions }, testIgnore: /multi-instance/ },
    // Two production servers of this build on one fresh PostgreSQL database, started by the spec
    // itself (it creates the database first, and skips only when no PostgreSQL answers); no browser.
    ...(target === 'postgres' ? [{ name: 'multi-instance', testMatch: /multi-instance\.spec\.ts/ }] : []),
  ],
  // The production build, on a fresh database (in memory, or an empty PostgreSQL one) seeded with
  // the demo data.
  webServer: {
    command: `${prebuilt ? '' : 'next build && '}next start --port ${port}`,
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      ...(target === 'postgres' ? { DATABASE_URL: databaseUrl! } : { PGLITE_DATA_DIR: 'memory://' }),
      SEED_DEMO_DATA: 'true',
      NEXT_TELEMETRY_DISABLED: '1',
      APP_URL: baseURL,
      STACKS_NETWORK: 'devnet',
      // The production build may run the devnet sandbox (local chain, demo wallet, simulated
      // prices, demo data) only when it says it is this suite (env.ts refuses it otherwise).
      E2E: 'true',
      DEV_WALLET: 'true',
      LOCAL_CHAIN: 'true',
      ADMIN_PRINCIPALS: 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM',
      VAULT_WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
      CRON_SECRET: E2E_CRON_SECRET,
    },
  },
});
