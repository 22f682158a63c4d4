#!/usr/bin/env node
// Prints one closing line over every runner of `pnpm test` (Vitest and Playwright write JSON
// reports into .test-results/), so a reader or CI sees the whole count at the end.
import { existsSync, readFileSync } from 'node:fs';

const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined);
const vitest = read('.test-results/vitest.json');
const playwright = read('.test-results/playwright.json');
if (!vitest || !playwright) {
  console.error(
    'test summary: a runner wrote no report (.test-results/vitest.json, .test-results/playwright.json)',
  );
  process.exit(1);
}
const passed = vitest.numPassedTests + playwright.stats.expected + playwright.stats.flaky;
const failed = vitest.numFailedTests + playwright.stats.unexpected;
const skipped = vitest.numPendingTests + vitest.numTodoTests + playwright.stats.skipped;
console.log(
  `vitest: ${vitest.numPassedTests} passed; playwright: ${playwright.stats.expected + playwright.stats.flaky} passed`,
);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
