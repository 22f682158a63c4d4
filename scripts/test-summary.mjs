#!/usr/bin/env node
// Prints one closing line over every runner of `pnpm test` (Vitest and Playwright write JSON
// reports into .test-results/), so a reader or CI sees the whole count at the end.
import { existsSync, readFileSync } from 'node:fs';

const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined);
const vitest = read('.test-results/vitest.json');
// The end-to-end suites ran on PGlite and (where a PostgreSQL server answers; always in CI) on
// PostgreSQL: apps/web/scripts/e2e.mjs.
const runs = ['pglite', 'postgres']
  .map((db) => ({ db, report: read(`.test-results/playwright-${db}.json`) }))
  .filter((r) => r.report);
if (!vitest || !runs.some((r) => r.db === 'pglite') || (process.env.CI === 'true' && runs.length < 2)) {
  console.error(
    'test summary: a runner wrote no report (.test-results/vitest.json, .test-results/playwright-{pglite,postgres}.json)',
  );
  process.exit(1);
}
const sum = (key) => runs.reduce((s, r) => s + r.report.stats[key], 0);
const playwright = {
  stats: {
    expected: sum('expected'),
    flaky: sum('flaky'),
    unexpected: sum('unexpected'),
    skipped: sum('skipped'),
  },
};
const passed = vitest.numPassedTests + playwright.stats.expected + playwright.stats.flaky;
const failed = vitest.numFailedTests + playwright.stats.unexpected;
const skipped = vitest.numPendingTests + vitest.numTodoTests + playwright.stats.skipped;
console.log(
  `vitest: ${vitest.numPassedTests} passed; playwright: ${runs
    .map((r) => `${r.report.stats.expected + r.report.stats.flaky} passed on ${r.db}`)
    .join(', ')}`,
);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
