import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // Browser tests poll the page; on a loaded 2-core CI machine a page can take seconds to settle.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
