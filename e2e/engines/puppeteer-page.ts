import type { Page } from 'puppeteer-core';
import type { EnginePage } from './driver.ts';
import { harnessErrors } from './harness.ts';

/**
 * An engine page over puppeteer-core: Firefox over WebDriver BiDi (./firefox-driver.ts) and
 * Chromium over CDP (./chromium-driver.ts). `ignoreError` drops what the engine itself reports
 * that is not the page's fault.
 */
export function puppeteerPage(
  page: Page,
  close: () => Promise<void>,
  ignoreError: (message: string) => boolean = () => false,
): EnginePage {
  // What the engine reports itself (an error thrown at load before any script could listen).
  const seen: string[] = [];
  page.on('pageerror', (e) => {
    const message = e instanceof Error ? e.message : String(e);
    if (!ignoreError(message)) seen.push(message);
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
    clickInShadow: async (host, selector) => {
      // `>>>`: puppeteer's selector that goes into shadow roots.
      const el = await page.$(`${host} >>> ${selector}`);
      if (!el) throw new Error(`no ${selector} in ${host}'s shadow root`);
      await el.click();
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
