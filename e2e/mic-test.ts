import { copyFileSync, renameSync } from 'node:fs';
import { test as base } from '@playwright/test';
import { E2E_ENGINE_ARGS, fakeMicArgs } from './fake-mic-args.ts';
import { FIXTURES } from './global-setup.ts';

export { expect } from '@playwright/test';

/** What a spec file chooses with `test.use`. */
export interface MicOptions {
  /** The conversation (see global-setup's CONVERSATIONS) the microphone plays in each test. */
  micFile: string;
}

/**
 * Playwright's `test`, with the fake microphone chosen per test rather than per browser launch.
 * Chromium reads its fake capture file afresh each time a page opens the microphone, so each
 * worker launches one browser on a file of its own and each test copies its conversation there
 * first. (A launch option per spec file made Playwright start a new worker, and a new browser,
 * for nearly every file: ~2 s each, ~35 times a run.)
 */
export const test = base.extend<MicOptions & { playMic: undefined }, { micPath: string }>({
  micPath: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's needs from it
    async ({}, use, worker) => use(`${FIXTURES}microphone-${worker.workerIndex}.wav`),
    { scope: 'worker' },
  ],
  launchOptions: [
    async ({ micPath }, use) =>
      use({
        executablePath: '/usr/bin/chromium',
        // A page served by a route (failure-states) is a public origin to Chromium, which would
        // block its WebSocket to the loopback relay unless told not to check.
        args: [
          ...fakeMicArgs(micPath),
          '--disable-features=LocalNetworkAccessChecks',
          ...E2E_ENGINE_ARGS,
        ],
      }),
    { scope: 'worker' },
  ],
  micFile: ['quiet', { option: true }],
  playMic: [
    async ({ micFile, micPath }, use) => {
      // Whole or not at all: a page still closing may have the old file open.
      copyFileSync(`${FIXTURES}${micFile}.wav`, `${micPath}.part`);
      renameSync(`${micPath}.part`, micPath);
      await use(undefined);
    },
    { auto: true },
  ],
});

/**
 * For `test.use`: a browser that refuses the microphone, as when the user blocked the site. The
 * fake device is there, but without the switch that accepts permission prompts, and with prompts
 * denied: getUserMedia is refused.
 */
export const MIC_DENIED: Parameters<typeof test.use>[0] = {
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      ...fakeMicArgs(`${FIXTURES}quiet.wav`).filter((a) => a !== '--use-fake-ui-for-media-stream'),
      '--deny-permission-prompts',
      ...E2E_ENGINE_ARGS,
    ],
  },
  serviceWorkers: 'block',
};

export type { Locator, Page } from '@playwright/test';
