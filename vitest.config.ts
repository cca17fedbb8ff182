import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/live/**', 'test/real/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    setupFiles: ['test/helpers/use-undici-for-fetch.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
