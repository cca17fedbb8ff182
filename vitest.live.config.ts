import { defineConfig } from 'vitest/config';

/** `npm run test:live`: the short suite against the real backend configured in the environment. */
export default defineConfig({
  test: {
    include: ['test/live/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
