import { Key as WdioKey, remote } from 'webdriverio';
import type { Engine, EnginePage, Key } from './driver.ts';
import { harnessErrors } from './harness.ts';
import { freePort, startServer, startXvfb } from './processes.ts';

/** Debian's MiniBrowser (webkit2gtk-driver), the browser WebKitWebDriver drives. */
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

const KEYS: Record<Key, string> = { Escape: WdioKey.Escape, Enter: WdioKey.Enter, m: 'm' };

/**
 * WebKitGTK (Safari's engine) driven by Debian's `WebKitWebDriver` over classic WebDriver, which
 * is all it speaks: webdriverio is told not to ask for BiDi (`wdio:enforceWebDriverClassic`),
 * or the driver refuses the session ("Failed to match capabilities"). MiniBrowser needs an X
 * display: a private Xvfb. Each page is a session of its own, in a fresh ephemeral profile
 * (0.6 s to start here).
 */
export async function launchWebKit(): Promise<Engine> {
  const xvfb = await startXvfb();
  const port = await freePort(0);
  const startDriver = () =>
    startServer(
      'WebKitWebDriver',
      [`--port=${port}`],
      { ...process.env, DISPLAY: xvfb.display },
      `http://127.0.0.1:${port}/status`,
    );
  let driver = await startDriver().catch(async (err: unknown) => {
    await xvfb.process.stop();
    throw err;
  });
  const pages = new Set<EnginePage>();
  /**
   * A new session; once in a while (1 in ~40 sessions on a loaded machine here) the driver drops
   * the connection that asks for one (UND_ERR_SOCKET) and answers nothing more: it is started
   * again, and asked once more.
   */
  const session = async () => {
    try {
      return await openSession(port);
    } catch (err) {
      console.warn(`WebKitWebDriver failed to open a session (${String(err)}): restarting it`);
      await driver.stop();
      driver = await startDriver();
      return openSession(port);
    }
  };
  return {
    name: 'webkit',
    newPage: async () => {
      const page = await session();
      pages.add(page);
      return {
        ...page,
        close: async () => {
          pages.delete(page);
          await page.close();
        },
      };
    },
    close: async () => {
      for (const page of pages) await page.close().catch(() => undefined);
      await driver.stop();
      await xvfb.process.stop();
    },
  };
}

async function openSession(port: number): Promise<EnginePage> {
  const capabilities: WebdriverIO.Capabilities & Record<string, unknown> = {
    browserName: 'MiniBrowser',
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': {
      binary: MINIBROWSER,
      // The mock capture devices stand in for a microphone the harness replaces with speech.
      args: ['--automation', '--enable-mock-capture-devices=true', '--enable-media-stream=true'],
    },
  };
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    path: '/',
    logLevel: 'warn',
    // A session starts in under a second: one not there in 20 s is not coming (see launchWebKit).
    connectionRetryTimeout: 20_000,
    connectionRetryCount: 0,
    capabilities,
  });
  const element = async (testId: string, nth: number) => {
    const all = await browser.$$(`[data-testid="${testId}"]`).getElements();
    const el = all[nth];
    if (!el) throw new Error(`no [data-testid="${testId}"] #${nth} (${all.length} found)`);
    return el;
  };
  return {
    open: async (url) => {
      await browser.url(url);
    },
    click: async (testId, nth = 0) => {
      await (await element(testId, nth)).click();
    },
    clickInShadow: async (host, selector) => {
      // WebDriver's shadow root commands (Get Element Shadow Root, Find Element From Shadow Root).
      await browser.$(host).shadow$(selector).click();
    },
    type: async (testId, text) => {
      const el = await element(testId, 0);
      await el.click();
      await el.addValue(text);
    },
    press: async (key) => {
      await browser.keys([KEYS[key]]);
    },
    evaluate: async <A extends unknown[], R>(
      fn: (...args: A) => R,
      ...args: A
    ): Promise<Awaited<R>> => {
      // WebDriver's Execute Script awaits a returned promise.
      const result: unknown = await browser.execute(fn as (...a: unknown[]) => unknown, ...args);
      return result as Awaited<R>;
    },
    pageErrors: () => browser.execute(harnessErrors),
    close: async () => {
      await browser.deleteSession();
    },
  };
}
