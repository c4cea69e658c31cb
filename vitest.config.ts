import { defineConfig } from 'vitest/config';
import SkipSummary from './scripts/vitest/skip-summary.ts';

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', 'e2e/**'],
    // Every run ends by naming the tests it skipped; the full test command fails on any.
    reporters: ['default', new SkipSummary()],
    // Test files run three at a time on this two-core machine: most relay tests wait on real
    // time (speech said in real time, timers, restarts), not on the CPU. The relay suite took
    // 130 s with two at a time, 109 s with three (each beside other runs' load).
    maxWorkers: 3,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // expect.poll waits up to 10 s (Vitest's default, 1 s, is less than some conditions take on
    // a loaded machine: 800 ms of audio sent in real time, a commit, a reconnect).
    expect: { poll: { timeout: 10_000 } },
    // Line coverage of the packages' sources (issue 63, item 5), when PARLEY_COVERAGE=1
    // (the test command sets it): V8's own counters, remapped to the TypeScript. What it costs is
    // in bench/results/coverage-cost.md; `node --import tsx scripts/coverage-summary.ts` prints
    // the per-package totals from coverage/coverage-summary.json. No thresholds: the figure is
    // read, not gated. Code a test runs in another process (a relay started from dist/, a
    // browser) is not counted.
    coverage: {
      enabled: process.env.PARLEY_COVERAGE === '1',
      provider: 'v8',
      include: [
        'shared/src/**/*.{ts,tsx}',
        'relay/src/**/*.{ts,tsx}',
        'web/src/**/*.{ts,tsx}',
        'client/src/**/*.{ts,tsx}',
        'widget/src/**/*.{ts,tsx}',
      ],
      exclude: [
        '**/*.test.{ts,tsx}',
        '**/*.d.ts',
        // Tests' helpers, beside the tests that use them.
        '**/*.test-kit.ts',
        '**/*-test-kit.ts',
        // `pnpm talk`, a developer's command-line client.
        'relay/src/talk/**',
      ],
      reportsDirectory: 'coverage',
      // One file per source in coverage/coverage.txt, the totals in coverage-summary.json; the
      // console gets the per-package totals from the summary script instead of 800 rows.
      reporter: [['text', { file: 'coverage.txt' }], 'json-summary'],
      reportOnFailure: true,
    },
    // A worker keeps the modules it loaded from one test file to the next (each file still runs
    // its own): loading them again for each of 200 unit files was most of the unit suite's time
    // (148 → 78 s alone, 2026-11-26; the same tests pass with the files in any order, checked
    // with --sequence.shuffle.files). The tests mock no module, restore the timers and spies they
    // fake, and close what they start.
    isolate: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'shared/src/**/*.test.ts',
            'relay/src/**/*.test.ts',
            'web/src/**/*.test.ts',
            'client/src/**/*.test.ts',
            'client/vite/**/*.test.ts',
            'widget/src/**/*.test.ts',
            'bench/barge-in/**/*.test.ts',
            'bench/capacity/**/*.test.ts',
            'bench/lib/**/*.test.ts',
            'bench/overhead/**/*.test.ts',
            'bench/phrases/**/*.test.ts',
            'bench/end-of-turn/**/*.test.ts',
            'bench/recognition/**/*.test.ts',
            'bench/hosted/**/*.test.ts',
            'bench/tools/**/*.test.ts',
            'bench/soak/**/*.test.ts',
            'bench/loss/**/*.test.ts',
            'bench/widget-start/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'relay',
          include: ['relay/test/**/*.test.ts'],
          // Starts a throwaway PostgreSQL for the storage suite when the binaries are installed,
          // and builds the relay once for the tests that run it as its own process.
          globalSetup: ['relay/test/storage/postgres-setup.ts', 'relay/test/relay-dist-setup.ts'],
          // Hang guards, not timing goals: these tests start relays, decoders and voices as real
          // processes, and beside other work (load 12–19 on 2 cores) some took over 20 s, and a
          // condition over 10 s to come true.
          testTimeout: 60_000,
          expect: { poll: { timeout: 20_000 } },
        },
      },
      {
        extends: true,
        test: {
          // The client package packed, and a page built from its tarball alone
          // (client/test/tarball-page.ts): pnpm pack, tsc and Vite as their own processes.
          name: 'client-pack',
          include: ['client/test/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // The web app's call in Node against a real relay (web/test/), the browser faked at
          // its APIs: as long as the relay's own integration tests, for the same reasons.
          name: 'web-call',
          include: ['web/test/**/*.test.ts'],
          // The relay runs as its own process, built once per run (see relay-process.ts).
          globalSetup: ['relay/test/relay-dist-setup.ts'],
          // The call's socket is the browser's WebSocket: Node 22 has one, Node 20 behind a flag.
          execArgv: typeof WebSocket === 'undefined' ? ['--experimental-websocket'] : [],
          testTimeout: 60_000,
          expect: { poll: { timeout: 20_000 } },
        },
      },
    ],
  },
});
