import { defineConfig } from 'vitest/config';

// One runner for every package's *.test.ts; e2e lives in apps/web/e2e and runs under Playwright.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/web'],
    // Most test time is waiting on PostgreSQL, PGlite and the simnet, not CPU: on a 2-core CI
    // machine the default (one worker per spare core: one) left it idle most of the run.
    maxWorkers: 3,
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
  },
});
