import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import SkipSummary from '../../scripts/vitest/skip-summary.ts';

/**
 * The engine lanes: the core of a call in WebKit, Firefox and Chromium (./core-spec.ts against
 * each engine, one harness microphone, so their figures compare); scripts/test.sh runs WebKit's
 * and Firefox's after the Chromium suite (`pnpm test:engines`), Chromium's is by hand. Apart
 * from the root config so that `vitest run` (unit and relay) never starts a browser. One engine
 * alone: `pnpm test:webkit`, `pnpm test:firefox`, `pnpm test:chromium-core`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    name: 'engines',
    include: ['e2e/engines/**/*.test.ts'],
    globalSetup: ['e2e/engines/global-setup.ts'],
    reporters: ['default', new SkipSummary()],
    // One file (one engine) at a time, its tests in order: a call's page, relay and recogniser
    // take about one of a CI runner's two cores.
    fileParallelism: false,
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
