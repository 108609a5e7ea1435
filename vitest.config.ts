import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // DynamoDB Local and Chromium share two cores; a few workers keep them responsive.
    maxWorkers: 2,
  },
});
