/**
 * What the engine lanes do to a page, whatever drives the browser: WebKit over classic WebDriver
 * (webdriverio, ./webkit-driver.ts), Firefox over WebDriver BiDi (puppeteer-core,
 * ./firefox-driver.ts). The core spec (./core-spec.ts) is written against this alone, so each
 * engine runs the same checks.
 */

/** The engines the lanes run (Chromium's full check is the Playwright suite; its lane is the core). */
export type EngineName = 'chromium' | 'webkit' | 'firefox';

/** Keys the specs press (WebDriver and puppeteer name them alike). */
export type Key = 'Escape' | 'Enter' | 'm';

/** One page of the app in one browser. */
export interface EnginePage {
  /** Goes to `url` and waits for its `load` event. */
  open(url: string): Promise<void>;
  /**
   * Clicks the element `[data-testid=testId]` (the `nth`, 0 first) as a user does: a trusted
   * pointer press and release, so it counts as a user gesture (audio unlock, microphone).
   */
  click(testId: string, nth?: number): Promise<void>;
  /**
   * Clicks the element `selector` inside the open shadow root of the first `host` element (a
   * custom element's, such as the widget's `parley-voice`), as {@link click} does.
   */
  clickInShadow(host: string, selector: string): Promise<void>;
  /** Types `text` into the element `[data-testid=testId]`, key by key, after focusing it. */
  type(testId: string, text: string): Promise<void>;
  /** Presses and releases `key` on whatever has the focus. */
  press(key: Key): Promise<void>;
  /**
   * Runs `fn` in the page with `args` (serialised: JSON values only) and returns its result
   * (awaited when it is a promise).
   */
  evaluate<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Promise<Awaited<R>>;
  /**
   * Uncaught errors, unhandled rejections and CSP violations the page raised since it opened
   * (collected by the harness script that runs before the app, and by the driver where it can
   * see them itself).
   */
  pageErrors(): Promise<string[]>;
  /** Closes the page (its session or browsing context). */
  close(): Promise<void>;
}

/** A browser engine, launched once for a lane's file. */
export interface Engine {
  readonly name: EngineName;
  /** A page in a fresh profile: no service worker, storage or cache from another test. */
  newPage(): Promise<EnginePage>;
  /** Stops the browser and whatever the engine started (driver, display). */
  close(): Promise<void>;
}
