import { defineConfig } from 'vitest/config';

/*
 * Two projects so each run pays only for the setup its files need: `unit` (sources; a
 * redis-server and the openssl/keytool tools) and `runtimes` (the built, packed and installed
 * package in Node, Deno, Bun and chromium). `npm test` runs both.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/runtimes/**', '**/node_modules/**'],
          globalSetup: ['test/setup/redis.global.ts', 'test/setup/tools.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'runtimes',
          include: ['test/runtimes/**/*.test.ts'],
          globalSetup: ['test/setup/package.global.ts'],
          testTimeout: 120_000,
          // After the unit tests: chromium, Deno and Bun would otherwise compete with their timing-sensitive ones on 2 cores.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
