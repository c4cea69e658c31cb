import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import type { Engine } from './driver.ts';
import { puppeteerPage } from './puppeteer-page.ts';

/** Debian's Firefox ESR. */
const FIREFOX = '/usr/bin/firefox-esr';

/**
 * Firefox ESR (Gecko) driven over WebDriver BiDi by puppeteer-core (Debian ships no geckodriver,
 * and Playwright 1.65 cannot drive ESR 153), headless. This machine has no sound device: cubeb's
 * mock context keeps every AudioContext running. The autoplay policy is Firefox's own: the
 * clicks are real user gestures. Each page is a browser context of its own (fresh storage,
 * service workers and cache).
 */
export async function launchFirefox(): Promise<Engine> {
  const profile = mkdtempSync(join(tmpdir(), 'parley-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: {
      'media.cubeb.force_mock_context': true,
      // The engine's own fake device, for a page opened without the harness's microphone.
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
    },
  });
  return {
    name: 'firefox',
    newPage: async () => {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      return puppeteerPage(
        page,
        async () => {
          await context.close();
        },
        // Gecko's own notice of a WebSocket cut under the page (the relay-restart check).
        (message) => /^The connection to wss?:\/\/\S+ was interrupted/.test(message),
      );
    },
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
