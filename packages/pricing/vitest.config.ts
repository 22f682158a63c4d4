import { defineConfig } from 'vitest/config';

// The 90-digit decimal references make the accuracy sweeps take seconds, not milliseconds.
export default defineConfig({
  test: { name: 'pricing', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
