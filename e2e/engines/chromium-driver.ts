import puppeteer from 'puppeteer-core';
import type { Engine } from './driver.ts';
import { puppeteerPage } from './puppeteer-page.ts';

/** Debian's Chromium, as the Playwright suite runs it. */
const CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium (Blink) driven over CDP by puppeteer-core, headless, through the same core spec and
 * harness microphone as WebKit and Firefox: the lanes' figures (what was heard, voice to voice,
 * the capture rate) then compare the three engines on one footing. The Playwright suite stays
 * Chromium's full check; this lane is its core only. The autoplay policy is Chromium's own: the
 * clicks are real user gestures. Each page is a browser context of its own.
 */
export async function launchChromium(): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'chrome',
    executablePath: CHROMIUM,
    headless: true,
    // No sandbox: CI runs as root in a container, where Chromium's sandbox cannot start. No
    // fake-media flags: the harness is the microphone, and the permission stays unasked as on a
    // first visit (the flags grant it, and the app then rightly does not ask inside the tap).
    args: ['--no-sandbox'],
  });
  return {
    name: 'chromium',
    newPage: async () => {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      return puppeteerPage(page, async () => {
        await context.close();
      });
    },
    close: async () => {
      await browser.close();
    },
  };
}
