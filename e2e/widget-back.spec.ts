import { copyFileSync, renameSync } from 'node:fs';
import { E2E_ENGINE_ARGS, fakeMicArgs } from './fake-mic-args.ts';
import { FIXTURES } from './global-setup.ts';
import { expect, test as micTest, type Page } from './mic-test.ts';
import { specPort } from './ports.ts';
import { serveSite, sitePage } from './widget-site.ts';
import { listenToWireJson } from './wire-json.ts';

// Back after a link (docs/design/call-across-pages.md, "Back"): page A hands its call to page B
// (A kept in the back/forward cache), B goes on with it, and the user presses Back. A, shown
// again from the cache, takes the conversation B handed over as it went: B's turns shown, the
// same session resumed, the call going on, every turn stored once.

/**
 * Chromium as the other specs run it, with its back/forward cache on: Playwright turns it off
 * by default (`--disable-back-forward-cache`), and every page would load afresh on Back.
 */
const test = micTest.extend({
  launchOptions: [
    async ({ micPath }, use) =>
      use({
        executablePath: '/usr/bin/chromium',
        ignoreDefaultArgs: ['--disable-back-forward-cache'],
        args: [...fakeMicArgs(micPath), ...E2E_ENGINE_ARGS],
      }),
    { scope: 'worker' },
  ],
});

test.use({ micFile: 'first-page-question' });

/** The site's second page, linked from its first. */
const HOURS = '/hours';

/** The microphone of the page that opens it next says `conversation` (see widget-navigation). */
function micSaysNext(micPath: string, conversation: string): void {
  copyFileSync(`${FIXTURES}${conversation}.wav`, `${micPath}.part`);
  renameSync(`${micPath}.part`, micPath);
}

/** Every page of the tab records whether it was shown from the back/forward cache (`pageshow`). */
async function recordShows(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shown: boolean[] = [];
    Object.assign(window, { __pageShows: shown });
    window.addEventListener('pageshow', (e) => shown.push(e.persisted));
  });
}

/** The page's `pageshow`s so far: `persisted` of each. */
const pageShows = (page: Page) =>
  page.evaluate(() => (window as Window & { __pageShows?: boolean[] }).__pageShows ?? []);

test('Back to a page that handed its call over: it takes the conversation back from the page it left, in the same session', async ({
  page,
  baseURL,
  micPath,
}) => {
  const relay = baseURL ?? '';
  const site = await serveSite(
    specPort(97),
    relay,
    true,
    {
      '/': sitePage(relay, '', `<h1>A shop</h1><p><a href="${HOURS}">Opening hours</a></p>`),
      [HOURS]: sitePage(relay, '', '<h1>Opening hours</h1><p>Every day.</p>'),
    },
    {},
    true,
  );
  try {
    /** The hellos every socket of the tab sent, and the sessions `ready` named, in order. */
    const hellos: { resume?: { sessionId: string } }[] = [];
    const sessions: string[] = [];
    listenToWireJson<
      { type: string; resume?: { sessionId: string } },
      { type: string; sessionId?: string }
    >(page, () => ({
      sent: (m) => {
        if (m.type === 'hello') hellos.push(m);
      },
      received: (m) => {
        if (m.type === 'ready' && m.sessionId !== undefined) sessions.push(m.sessionId);
      },
    }));
    await recordShows(page);
    const dialog = () => page.getByRole('dialog', { name: 'Voice assistant' });
    const status = () => dialog().getByRole('status');
    /** The call comes back by itself (Chromium), or at a tap where it does not. */
    const goesOn = async () => {
      await expect(status()).toHaveText(/^(Listening|Tap to go on talking)$/);
      if ((await status().innerText()) !== 'Listening')
        await dialog().getByRole('button', { name: 'Go on talking' }).click();
    };

    /** The questions the relay stored, as it heard them (PocketSphinx may mishear under load). */
    const stored = async () => {
      if (sessions[0] === undefined) return [];
      const res = await fetch(`${relay}/api/sessions/${sessions[0]}`);
      const body = (await res.json()) as { turns?: { userText: string }[] };
      return (body.turns ?? []).map((t) => t.userText);
    };
    const heard = () => dialog().locator('#heard-text');
    const reply = () => dialog().locator('#reply-text');

    // Page A: the first question, answered and said.
    await page.goto(site.url);
    await page.getByRole('button', { name: 'Talk', exact: true }).click();
    await expect.poll(stored).toHaveLength(1);
    await expect(status()).toHaveText('Listening');

    // Page B: the conversation goes on there, the next question answered.
    micSaysNext(micPath, 'next-page-question');
    await page.getByRole('link', { name: 'Opening hours' }).click();
    await expect(page.getByRole('heading', { name: 'Opening hours' })).toBeVisible();
    await goesOn();
    await expect.poll(stored).toHaveLength(2);
    await expect(status()).toHaveText('Listening');
    const onB = { heard: await heard().innerText(), reply: await reply().innerText() };
    expect(onB.heard).toBe((await stored())[1]);

    // Back: A again, from the back/forward cache, with B's conversation, and it goes on.
    micSaysNext(micPath, 'first-page-question');
    // (A page shown from the cache has no `load` to wait for.)
    await page.goBack({ waitUntil: 'commit' });
    await expect(page.getByRole('heading', { name: 'A shop' })).toBeVisible();
    expect(await pageShows(page)).toEqual([false, true]);
    // What B showed, in place of what A showed as it went (its microphone's question comes
    // 2 s into the file).
    await expect(heard()).toHaveText(onB.heard);
    await expect(reply()).toHaveText(onB.reply);
    await goesOn();
    // A's question, answered in the same session, which holds each question once.
    await expect.poll(stored).toHaveLength(3);
    const turns = await stored();
    await expect(heard()).toHaveText(turns[2] ?? '');
    await expect(reply()).toHaveText(/\w/);
    expect(new Set(sessions).size).toBe(1);
    const id = sessions[0] ?? '';
    // Opened by A, resumed by B, resumed by A again.
    expect(hellos.map((h) => h.resume?.sessionId ?? null)).toEqual([null, id, id]);
  } finally {
    // The pages kept for Back keep their connections to the site open: closed here, or the
    // server would wait for them (a minute).
    site.server.closeAllConnections();
    await site.close();
  }
});
