import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/src/**/*.test.ts',
      'relay/src/**/*.test.ts',
      'relay/test/**/*.test.ts',
      'web/src/**/*.test.ts',
      'bench/capacity/**/*.test.ts',
      'bench/lib/**/*.test.ts',
      'bench/overhead/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', 'e2e/**'],
    // Starts a throwaway PostgreSQL for the storage suite when the binaries are installed.
    globalSetup: ['relay/test/storage/postgres-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
