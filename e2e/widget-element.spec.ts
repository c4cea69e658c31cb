import { AxeBuilder } from '@axe-core/playwright';
import { handOffKey, SITE_NOT_ALLOWED_MESSAGE } from '../shared/src/index.ts';
import { WIDGET_ATTRIBUTES } from '../widget/src/attributes.ts';
import { WIDGET_EVENTS } from '../widget/src/events.ts';
import { checkAccessibility } from './axe-check.ts';
import { expect, test, type Page } from './mic-test.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';
import { CALL_DOUBLE_MODULE } from './widget-call-double.ts';
import { serveSite, type Site } from './widget-site.ts';

// Issue 64, item 2: `<parley-voice>` on a page of another site (its own port, its own CSP), with
// one script tag (the loader from the relay) and one element. The call's module is a test double
// served in place of the one the client package will build (e2e/widget-call-double.ts): this spec
// is the element's — its loading, keyboard, screen-reader and phone use, and what it asks of the
// call. The real call's spec is widget-call.spec.ts.

test.use({ micFile: 'quiet' });

/**
 * Serves the call's double at the relay's `widget-call.js` (CORS: a module from another origin),
 * and counts the page's requests for it.
 */
async function serveCallDouble(page: Page, relay: string): Promise<{ fetched: () => number }> {
  let fetched = 0;
  await page.route(`${relay}/widget-call.js`, (route) => {
    fetched += 1;
    return route.fulfill({
      contentType: 'text/javascript',
      headers: { 'Access-Control-Allow-Origin': '*' },
      body: CALL_DOUBLE_MODULE,
    });
  });
  return { fetched: () => fetched };
}

/**
 * axe on the page as it is: the suite's check (no serious or critical violation, in the light
 * and the dark scheme), and then none at all, of any impact (issue 64: "axe: 0 violations").
 */
async function expectNoAxeViolation(page: Page, view: string): Promise<void> {
  await checkAccessibility(page, view);
  const { violations } = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .analyze();
  const found = violations.map(
    (v) => `${v.id} (${v.impact ?? 'none'}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found, view).toEqual([]);
}

/** The calls the double recorded: `method(args)`. */
const recorded = (page: Page) =>
  page.evaluate(() =>
    (window.__callDouble?.calls ?? []).map((c) => `${c.method}(${c.args.map(String).join(',')})`),
  );

/** The call says `name` with `payload`, as the real call would. */
const callSays = (page: Page, name: string, payload: unknown) =>
  page.evaluate(([n, p]) => window.__callDouble?.emit(n, p), [name, payload] as const);

/** The id of the element focused inside the widget (its shadow root), or null. */
const focusedInWidget = (page: Page) =>
  page.evaluate(
    () => document.querySelector('parley-voice')?.shadowRoot?.activeElement?.id ?? null,
  );

/** Records the widget's DOM events in `window.__widgetEvents` as `[name, detail]`. */
async function recordEvents(page: Page): Promise<void> {
  await page.evaluate(
    (names) => {
      const seen: [string, unknown][] = [];
      Object.assign(window, { __widgetEvents: seen });
      const el = document.querySelector('parley-voice');
      for (const name of names)
        el?.addEventListener(name, (e) => seen.push([name, (e as CustomEvent).detail]));
    },
    [...WIDGET_EVENTS],
  );
}

const events = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { __widgetEvents: [string, unknown][] }).__widgetEvents,
  );

test.describe('the widget on another site', () => {
  let site: Site;

  test.beforeEach(async ({ baseURL }) => {
    site = await serveSite(specPort(57), baseURL ?? '');
  });
  test.afterEach(async () => {
    await site.close();
  });

  test('fetches the call only at Talk, and drives it from the panel, by keyboard', async ({
    page,
    baseURL,
  }) => {
    const relay = baseURL ?? '';
    const callModule = await serveCallDouble(page, relay);
    await page.goto(site.url);
    await page.waitForFunction(() => customElements.get('parley-voice') !== undefined);
    expect(
      await page.evaluate(() => {
        const ctor = customElements.get('parley-voice') as unknown as {
          observedAttributes: string[];
        };
        return ctor.observedAttributes;
      }),
    ).toEqual([...WIDGET_ATTRIBUTES]);
    await recordEvents(page);

    const talk = page.getByRole('button', { name: 'Talk', exact: true });
    await expect(talk).toHaveAttribute('aria-expanded', 'false');
    await expectNoAxeViolation(page, 'widget closed');
    expect(callModule.fetched()).toBe(0);

    // Talk, from the keyboard: the panel opens, the focus moves into it, the call starts.
    await talk.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('dialog', { name: 'Voice assistant' });
    await expect(panel).toBeVisible();
    await expect.poll(() => focusedInWidget(page)).toBe('panel');
    await expect.poll(() => recorded(page)).toEqual(['start()']);
    expect(callModule.fetched()).toBe(1);
    expect(await page.evaluate(() => window.__callDouble?.options)).toEqual({
      relayUrl: relay,
      language: 'en',
    });
    await expect(panel.getByRole('status')).toHaveText('Listening');

    // Live words, then the reply, in the live region.
    await callSays(page, 'transcript', { turnId: 1, text: '', final: false, typed: false });
    await callSays(page, 'partial', { turnId: 1, text: 'what time' });
    await expect(panel.locator('#heard-text')).toHaveText('what time');
    await callSays(page, 'transcript', {
      turnId: 1,
      text: 'What time is it?',
      final: true,
      typed: false,
    });
    await callSays(page, 'state', { phase: 'speaking' });
    await callSays(page, 'reply', { kind: 'delta', turnId: 1, text: 'It is ' });
    await callSays(page, 'reply', { kind: 'delta', turnId: 1, text: 'ten past four.' });
    await expect(panel.locator('#heard-text')).toHaveText('What time is it?');
    await expect(panel.locator('#reply-text')).toHaveText('It is ten past four.');
    await expect(panel.locator('[aria-live="polite"]')).toContainText('It is ten past four.');
    await expectNoAxeViolation(page, 'widget open, speaking');

    // Interrupt, mute (a toggle), typed text: each reaches the call.
    await panel.getByRole('button', { name: 'Interrupt' }).click();
    const mute = panel.getByRole('button', { name: 'Mute' });
    await mute.click();
    await expect(mute).toHaveAttribute('aria-pressed', 'true');
    await expect(panel.getByRole('status')).toHaveText(/Muted/);
    await mute.click();
    await expect(mute).toHaveAttribute('aria-pressed', 'false');
    const box = panel.getByRole('textbox', { name: 'Or type a message' });
    await box.fill('and tomorrow?');
    await box.press('Enter');
    await expect(box).toHaveValue('');
    // End: the call ends, the panel stays with the words.
    await panel.getByRole('button', { name: 'End', exact: true }).click();
    await expect(panel.getByRole('button', { name: 'Talk' })).toBeVisible();
    expect(await recorded(page)).toEqual([
      'start()',
      'interrupt()',
      'mute(true)',
      'mute(false)',
      'sendText(and tomorrow?)',
      'end()',
    ]);

    // Escape closes the panel and puts the focus back on the talk button.
    await panel.getByRole('button', { name: 'Talk' }).focus();
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await expect.poll(() => focusedInWidget(page)).toBe('launcher');
    await expect(talk).toHaveAttribute('aria-expanded', 'false');
    await expectNoAxeViolation(page, 'widget closed again');
    // The call's code was fetched once.
    expect(callModule.fetched()).toBe(1);

    const names = (await events(page)).map(([name]) => name);
    expect(names[0]).toBe('parley-open');
    expect(names.at(-1)).toBe('parley-close');
    for (const name of ['parley-state', 'parley-transcript', 'parley-reply'])
      expect(names, name).toContain(name);
  });

  test('a call handed over by the page before, the microphone not granted: “Tap to go on talking”', async ({
    page,
    baseURL,
  }) => {
    const relay = baseURL ?? '';
    const callModule = await serveCallDouble(page, relay);
    // The page before left a hand-off (the call reads it; the loader only sees its key), and
    // this browser would ask for the microphone again.
    await page.addInitScript(
      (key) => {
        sessionStorage.setItem(key, '{}');
        const { permissions } = navigator;
        const query = permissions.query.bind(permissions);
        permissions.query = (d) =>
          d.name === 'microphone'
            ? Promise.resolve({ state: 'prompt' } as PermissionStatus)
            : query(d);
      },
      handOffKey(new URL(relay).origin),
    );
    await page.goto(site.url);
    // The call's code is fetched with no press of Talk; the call says what it resumed.
    await expect.poll(() => callModule.fetched()).toBe(1);
    await page.waitForFunction(() => window.__callDouble !== undefined);
    await callSays(page, 'session', { kind: 'handed-over', mode: 'call', muted: true });
    await callSays(page, 'transcript', { turnId: 1, text: 'what time is it', final: true });
    await callSays(page, 'reply', { kind: 'delta', turnId: 1, text: 'It is ten.' });
    const panel = page.getByRole('dialog', { name: 'Voice assistant' });
    await expect(panel.getByRole('status')).toHaveText('Tap to go on talking');
    await expect(panel.locator('#heard-text')).toHaveText('what time is it');
    await expect(panel.locator('#reply-text')).toHaveText('It is ten.');
    expect(await recorded(page)).toEqual([]);
    // The tap starts the microphone; the call was muted, and stays so.
    await panel.getByRole('button', { name: 'Go on talking' }).click();
    await expect.poll(() => recorded(page)).toEqual(['start()', 'mute(true)']);
    await expect(panel.getByRole('status')).toHaveText(/Muted/);
    await expect(panel.getByRole('button', { name: 'Mute' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  test('asks the site’s backend for its tickets (ticket-url), with the site’s cookies', async ({
    page,
    baseURL,
  }) => {
    await serveCallDouble(page, baseURL ?? '');
    await page.goto(`${site.url}ticket-url`);
    await page.getByRole('button', { name: 'Talk', exact: true }).click();
    await expect.poll(() => page.evaluate(() => window.__callDouble?.tickets.length)).toBe(1);
    expect(site.ticketsServed()).toBe(1);
    await expect(page.getByRole('dialog').getByRole('status')).toHaveText('Listening');
  });

  test('takes a getTicket the page set before the loader ran', async ({ page, baseURL }) => {
    const relay = baseURL ?? '';
    await serveCallDouble(page, relay);
    // The loader held back until the page has set the property on the element not defined yet.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`${relay}/widget.js`, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(site.url, { waitUntil: 'commit' });
    await page.waitForSelector('parley-voice', { state: 'attached' });
    expect(await page.evaluate(() => customElements.get('parley-voice') === undefined)).toBe(true);
    await page.evaluate(() => {
      Object.assign(document.querySelector('parley-voice') ?? {}, {
        getTicket: () => Promise.resolve('from-the-page'),
      });
    });
    release();
    await page.getByRole('button', { name: 'Talk', exact: true }).click();
    await expect
      .poll(() => page.evaluate(() => window.__callDouble?.tickets))
      .toEqual(['from-the-page']);
    expect(site.ticketsServed()).toBe(0);
  });

  test('takes its colours from the page’s custom properties, and from its attributes over them', async ({
    page,
  }) => {
    await page.goto(site.url);
    const launcher = page.getByRole('button', { name: 'Talk', exact: true });
    const background = () => launcher.evaluate((el) => getComputedStyle(el).backgroundColor);
    await expect.poll(background).toBe('rgb(29, 78, 216)');
    // The page's own rule (a constructed sheet: its CSP allows no inline style).
    await page.evaluate(() => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('parley-voice { --parley-accent-color: rgb(10, 125, 59); }');
      document.adoptedStyleSheets = [sheet];
    });
    await expect.poll(background).toBe('rgb(10, 125, 59)');
    const widget = page.locator('parley-voice');
    await widget.evaluate((el) => el.setAttribute('accent-color', 'rgb(120, 30, 140)'));
    await expect.poll(background).toBe('rgb(120, 30, 140)');
    await widget.evaluate((el) => el.removeAttribute('accent-color'));
    await expect.poll(background).toBe('rgb(10, 125, 59)');
  });

  test('fits a phone: 360 px wide, targets of 44 px, nothing wider than the screen', async ({
    page,
    baseURL,
  }) => {
    await page.setViewportSize({ width: 360, height: 640 });
    await serveCallDouble(page, baseURL ?? '');
    await page.goto(site.url);
    await page.getByRole('button', { name: 'Talk', exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'Voice assistant' });
    await expect(panel.getByRole('button', { name: 'Mute' })).toBeVisible();
    await callSays(page, 'partial', {
      turnId: 1,
      text: 'a long question that wraps over several lines on a narrow phone screen',
    });
    const box = await panel.boundingBox();
    expect(box).not.toBeNull();
    expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    for (const button of await page.getByRole('button').all()) {
      if (!(await button.isVisible())) continue;
      const b = await button.boundingBox();
      expect(b?.height ?? 0, await button.innerText()).toBeGreaterThanOrEqual(44);
      expect(b?.width ?? 0, await button.innerText()).toBeGreaterThanOrEqual(44);
    }
    await expectNoAxeViolation(page, 'widget open on a phone');
  });
});

test('a site the relay does not list: the widget shows the refusal and logs it', async ({
  page,
}) => {
  const relay = new E2eRelay(specPort(58), {
    // Another site is listed; this one (on port 60) is not.
    env: { EMBED_ORIGINS: `http://127.0.0.1:${specPort(59)}` },
  });
  await relay.start();
  const site = await serveSite(specPort(60), relay.url);
  try {
    const logged: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') logged.push(m.text());
    });
    await serveCallDouble(page, relay.url);
    await page.goto(site.url);
    await page.waitForFunction(() => customElements.get('parley-voice') !== undefined);
    await recordEvents(page);
    await page.getByRole('button', { name: 'Talk', exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'Voice assistant' });
    await expect(panel.getByRole('alert')).toHaveText(SITE_NOT_ALLOWED_MESSAGE);
    await expect(panel.getByRole('button', { name: 'Talk' })).toBeVisible();
    await expect
      .poll(() => logged.filter((line) => line.includes(SITE_NOT_ALLOWED_MESSAGE)).length)
      .toBe(1);
    expect(logged.join('\n')).toMatch(/\[parley-voice\]/);
    // The host page hears it once (the ticket's refusal and the call's are one problem).
    expect((await events(page)).filter(([name]) => name === 'parley-error')).toEqual([
      ['parley-error', { kind: 'not-allowed', message: SITE_NOT_ALLOWED_MESSAGE }],
    ]);
  } finally {
    await site.close();
    await relay.kill();
  }
});
