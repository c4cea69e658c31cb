import { defineConfig, devices } from '@playwright/test';
import { PINNED_RECOGNISER } from './e2e/relay-process.ts';

/** Port of the relay the end-to-end tests start (serving the built web app). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 8797);
/** The e2e relay's admin token (ops dashboard). */
export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

export default defineConfig({
  testDir: 'e2e',
  // The WebKit and Firefox lanes are Vitest's (`vitest run --project engines`).
  testIgnore: ['engines/**'],
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  // One at a time. A call's page, relay and recogniser take about one core (the page half of
  // it: its VAD's WebAssembly compiled afresh in every new profile, the audio, the rendering),
  // so two workers on a 2-core runner starved the fake microphone and the recogniser: turns
  // split, Flite's first audio 4x later, specs failing that pass alone (measured 2026-11-25).
  workers: 1,
  // One retry in CI, reported as "flaky" in the list: Chromium's fake capture device can stall
  // mid-phrase on a loaded 2-core runner, and PocketSphinx then mishears the damaged audio
  // ("what is five times six" heard as "what is fine", CI of 2026-11-23). A test that fails
  // twice still fails the run.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    // Recorded on a retry only: a trace costs a test a third more CPU (screencast and snapshots).
    trace: 'on-first-retry',
    // The browser, its switches and the fake microphone: e2e/mic-test.ts (every spec's `test`).
  },
  projects: [
    { name: 'desktop' },
    {
      // A phone: small viewport, touch, device-scale factor 2.625, mobile user agent (Chromium).
      name: 'mobile',
      use: { ...devices['Pixel 7'] },
      // What a phone changes: the layout and its accessibility, touch (push-to-talk held by a
      // finger), installing, backgrounding. The rest of the call runs the same code in the same
      // engine as on the desktop, and is tested there.
      testMatch: [
        'pwa.spec.ts',
        'mobile-layout.spec.ts',
        'mic-recovery.spec.ts',
        'push-to-talk.spec.ts',
        'accessibility.spec.ts',
        'accessibility-mic-denied.spec.ts',
        'keyboard-and-layout.spec.ts',
        'phone-controls.spec.ts',
      ],
      // The keyboard's and the labels' checks are the desktop's; a phone keeps the layout ones.
      // A microphone unplugged is the same code on a phone, and the ops dashboard is an
      // operator's desk tool: the desktop's (33 s of CI).
      grepInvert:
        /the keyboard reaches|opens from the keyboard|names its key|says who speaks|microphone in use is unplugged|ops dashboard, signed out/,
    },
  ],
  webServer: {
    // An unhandled rejection crashes the relay (Node's default), failing the run.
    command: 'node --unhandled-rejections=strict relay/dist/main.js',
    url: `http://127.0.0.1:${E2E_PORT}/health`,
    env: {
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      DATA_DIR: 'test-results/e2e-data',
      ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      // The specs speak Flite's voices and check its words: PocketSphinx alone, by name
      // (docs/testing.md, "Which recogniser a test runs").
      ...PINNED_RECOGNISER,
    },
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
