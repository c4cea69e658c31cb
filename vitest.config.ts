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
    // Starts a throwaway PostgreSQL for the storage suite when the binaries are installed, and
    // builds the relay once for the tests that run it as its own process.
    globalSetup: ['relay/test/storage/postgres-setup.ts', 'relay/test/relay-dist-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // expect.poll waits up to 10 s (Vitest's default, 1 s, is less than some conditions take on
    // a loaded machine: 800 ms of audio sent in real time, a commit, a reconnect).
    expect: { poll: { timeout: 10_000 } },
  },
});
