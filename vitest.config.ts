import { defineConfig } from 'vitest/config';

// One runner for every package's *.test.ts; e2e lives in apps/web/e2e and runs under Playwright.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/web'],
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
  },
});
