import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'test/**/*.test.ts',
      'widget/**/*.test.ts',
      'sdk/**/*.test.ts',
      'web/src/**/*.test.{ts,tsx}',
    ],
    // Database suites start PGlite (a WebAssembly PostgreSQL) per file: give them room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
