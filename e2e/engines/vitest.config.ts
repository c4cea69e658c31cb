import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import SkipSummary from '../../scripts/vitest/skip-summary.ts';

/**
 * The engine lanes: the core of a call in WebKit, Firefox and Chromium (./core-spec.ts against
 * each engine, one harness microphone, so their figures compare); scripts/test.sh runs WebKit's
 * and Firefox's, side by side, after the Chromium suite (`pnpm test:engines`), Chromium's is by
 * hand. Apart from the root config so that `vitest run` (unit and relay) never starts a browser.
 * One engine alone: `pnpm test:webkit`, `pnpm test:firefox`, `pnpm test:chromium-core`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    name: 'engines',
    include: ['e2e/engines/**/*.test.ts'],
    globalSetup: ['e2e/engines/global-setup.ts'],
    reporters: ['default', new SkipSummary()],
    // The two engines side by side, one file (one engine, its own relay) per worker, each file's
    // tests in order: a call's page, relay and recogniser take about one of a CI runner's two
    // cores. WebKit and Firefox together took 133 s (twice, every test passing at the first try,
    // the same words heard) against 218 s one after the other (2026-11-29, quiet; ci-time.md).
    fileParallelism: true,
    maxWorkers: 2,
    // Hang guards, not timing goals: a test speaks a conversation in real time (up to 30 s).
    testTimeout: 120_000,
    hookTimeout: 60_000,
    expect: { poll: { timeout: 30_000, interval: 100 } },
    // One retry in CI, as the Chromium suite has (playwright.config.ts): on a loaded 2-core
    // runner PocketSphinx sometimes mishears the speech ("what is five times six" as "one is
    // five times said"). A test that fails twice fails the run.
    retry: process.env.CI ? 1 : 0,
  },
});
