import { chromium, type Browser, type Page } from '@playwright/test';
import { fakeMicArgs } from '../../e2e/fake-mic-args.ts';

/**
 * Runs `use` on a fresh page of a Chromium whose microphone plays `wav` once, then closes the
 * browser. No service worker: on a fresh profile it would download the 17 MB precache during
 * the run, which a returning user never pays (as in the e2e tests).
 */
export async function withMicPage<T>(
  wav: string,
  use: (page: Page, browser: Browser) => Promise<T>,
): Promise<T> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: fakeMicArgs(wav),
  });
  try {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    return await use(await context.newPage(), browser);
  } finally {
    await browser.close();
  }
}
