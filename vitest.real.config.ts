import { defineConfig } from 'vitest/config';

/**
 * `npm run test:real`: the suite against a real llama-server serving a tiny model, built
 * once by scripts/llama-server.sh into a cache outside the repository. The model's words are
 * noise and a CPU token is slow, so tests assert structure and allow minutes.
 */
export default defineConfig({
  test: {
    include: ['test/real/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One llama-server, one slot: files run one after another.
    fileParallelism: false,
  },
});
