import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import type { Engine, EnginePage } from './driver.ts';
import { harnessErrors } from './harness.ts';

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
      return firefoxPage(page, async () => {
        await context.close();
      });
    },
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function firefoxPage(page: Page, close: () => Promise<void>): EnginePage {
  // What Gecko reports itself (an error thrown at load before any script could listen), but
  // its own notice of a WebSocket cut under the page — what the relay-restart test does to it.
  const seen: string[] = [];
  page.on('pageerror', (e) => {
    const message = e instanceof Error ? e.message : String(e);
    if (!/^The connection to wss?:\/\/\S+ was interrupted/.test(message)) seen.push(message);
  });
  const element = async (testId: string, nth: number) => {
    const all = await page.$$(`[data-testid="${testId}"]`);
    const el = all[nth];
    if (!el) throw new Error(`no [data-testid="${testId}"] #${nth} (${all.length} found)`);
    return el;
  };
  return {
    open: async (url) => {
      seen.length = 0;
      await page.goto(url, { waitUntil: 'load' });
    },
    click: async (testId, nth = 0) => {
      await (await element(testId, nth)).click();
    },
    type: async (testId, text) => {
      await (await element(testId, 0)).type(text);
    },
    press: async (key) => {
      await page.keyboard.press(key);
    },
    evaluate: async <A extends unknown[], R>(
      fn: (...args: A) => R,
      ...args: A
    ): Promise<Awaited<R>> => {
      const result: unknown = await page.evaluate(fn as (...a: unknown[]) => unknown, ...args);
      return result as Awaited<R>;
    },
    pageErrors: async () => {
      const collected = await page.evaluate(harnessErrors);
      return [...new Set([...seen, ...collected])];
    },
    close,
  };
}
