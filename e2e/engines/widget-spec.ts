import { SITE_NOT_ALLOWED_MESSAGE } from '../../shared/src/protocol/site-refusal.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Site } from '../widget-site.ts';
import type { Engine, EngineName, EnginePage } from './driver.ts';
import { LaneRelay } from './lane-relay.ts';
import { lanePage, serveLaneSite } from './lane-site.ts';
import { freePort } from './processes.ts';
import { goOnAnswers, widgetShown, type WidgetShown } from './widget-reads.ts';

/** The site's two pages: its first links to the second, whose microphone asks the next question. */
const FIRST_MIC = 'lane-widget-first';
const NEXT_MIC = 'lane-widget-next';
const HOURS = '/hours';

/** A string matching `pattern`, inside an expected object. */
const matching = (pattern: RegExp) => expect.stringMatching(pattern) as string;

/** What the page's widget shows (see ./widget-reads.ts), for a poll that wants it there. */
const shown = (page: EnginePage) => async (): Promise<WidgetShown> =>
  (await widgetShown(page)) ?? {
    open: false,
    status: '',
    heard: '',
    reply: '',
    problem: null,
    callButton: { label: '', action: '' },
  };

/**
 * The one-tag widget (docs/embedding.md) in each engine the lanes drive, on a site of another
 * origin with its own CSP (../widget-site.ts, served with the lanes' harness by ./lane-site.ts):
 * a question asked and answered through the element's shadow root, the conversation going on
 * on the site's next page (a full load) in the same session, and a site the relay does not list
 * refused. One relay and one site for the file: the refused page is the same site under another
 * name (`localhost`, not the listed `127.0.0.1`), another origin.
 */
export function widgetSpec(name: EngineName, launch: () => Promise<Engine>): void {
  describe(`${name}: the one-tag widget on another site`, () => {
    let engine: Engine;
    let relay: LaneRelay;
    let site: Site;
    let page: EnginePage;
    let sitePort: number;
    /** What the engine may report of the test's page besides nothing (its own notices). */
    let expectedErrors: RegExp[] = [];

    /** When the spec began (ms): what it adds to its lane is printed at its end. */
    let startedAtMs = 0;

    beforeAll(async () => {
      startedAtMs = performance.now();
      sitePort = await freePort(4);
      relay = new LaneRelay(await freePort(3), {
        EMBED_ORIGINS: `http://127.0.0.1:${sitePort}`,
      });
      const pages = {
        '/': lanePage(
          relay.url,
          `<h1>A shop</h1><p><a href="${HOURS}?mic=${NEXT_MIC}" data-testid="hours-link">Opening hours</a></p>`,
        ),
        [HOURS]: lanePage(relay.url, '<h1>Opening hours</h1><p>Every day.</p>'),
      };
      [engine, , site] = await Promise.all([
        launch(),
        relay.start(),
        serveLaneSite(sitePort, relay.url, pages, [FIRST_MIC, NEXT_MIC]),
      ]);
    });
    afterAll(async () => {
      // Any may be missing when starting it failed.
      await (engine as Engine | undefined)?.close();
      await (relay as LaneRelay | undefined)?.kill();
      const server = (site as Site | undefined)?.server;
      if (server) await new Promise((resolve) => server.close(resolve));
      const seconds = ((performance.now() - startedAtMs) / 1000).toFixed(1);
      console.log(`${name}: the widget spec took ${seconds} s, its engine and relay included`);
    });
    beforeEach(async () => {
      expectedErrors = [];
      page = await engine.newPage();
    });
    afterEach(async () => {
      try {
        const errors = await page.pageErrors();
        const unexpected = errors.filter((e) => !expectedErrors.some((re) => re.test(e)));
        expect(unexpected, 'errors the page raised').toEqual([]);
      } finally {
        await page.close();
      }
    });

    test('a question asked through the widget is answered and stored; on the site’s next page the conversation goes on, in the same session', async () => {
      await page.open(`${site.url}?mic=${FIRST_MIC}`);
      await page.clickInShadow('parley-voice', '#launcher');
      // PocketSphinx's reading of Flite's "what time is it" (at times "… is a"): whatever it
      // heard is what the next page shows and the relay stores. The reply said to its end: the
      // call listens again.
      await expect.poll(shown(page)).toMatchObject({
        heard: matching(/\bis\b/i),
        reply: matching(/\w/),
        status: 'Listening',
      });
      const { heard, reply } = (await widgetShown(page))!;
      const sessions = await relay.sessionIds();
      expect(sessions).toHaveLength(1);
      const session = sessions[0]!;
      await expect
        .poll(async () =>
          (await relay.storedTurns(session)).map((t) => [t.userText, t.assistantText]),
        )
        .toEqual([[heard, reply]]);
      expect(await page.pageErrors(), 'errors the first page raised').toEqual([]);

      // A link of the site: a full page load in the same tab.
      await page.click('hours-link');
      await expect.poll(() => page.evaluate(() => location.pathname)).toBe(HOURS);
      // The conversation is there again, with no press of Talk; the call goes on by itself
      // where the engine lets the new page play and listen, else the panel asks for a tap.
      await expect.poll(shown(page)).toMatchObject({
        open: true,
        heard,
        reply,
        status: matching(/^(Listening|Tap to go on talking)$/),
      });
      const tapped = (await widgetShown(page))?.status === 'Tap to go on talking';
      if (tapped) {
        expect((await widgetShown(page))?.callButton).toEqual({
          label: 'Go on talking',
          action: 'start',
        });
        await page.clickInShadow('parley-voice', '#call');
      }
      const answers = await goOnAnswers(page);
      console.log(
        `${name}: the widget's call went on ${tapped ? 'at a tap' : 'by itself'} (autoplay policy ${String(answers.autoplay)}, microphone ${answers.mic})`,
      );
      // One session, resumed (not a new one), holding each question once; the page shows the
      // second as the relay stored it (its reply whole before it has been said to its end).
      // PocketSphinx may mishear the quiet last word under load ("five times said", answered
      // with the offline responder's "I can't answer that yet"): answered is what is checked.
      const stored = async () =>
        (await relay.storedTurns(session)).map((t) => [t.userText, t.assistantText]);
      await expect.poll(stored).toEqual([
        [heard, reply],
        [matching(/\bfive times\b/i), matching(/\w/)],
      ]);
      const [, [nextHeard, nextReply] = []] = await stored();
      await expect.poll(shown(page)).toMatchObject({ heard: nextHeard, reply: nextReply });
      expect(await relay.sessionIds()).toEqual([session]);
      expect(relay.logLines('session opened', session)).toHaveLength(1);
      expect(relay.logLines('session resumed', session)).toHaveLength(1);
      // The microphone was asked for once on this page: inside the tap, or by itself.
      expect(await page.evaluate(() => window.__engineHarness?.micAskedInGesture)).toEqual([
        tapped,
      ]);
    });

    test('Back to the page that handed its call over: shown again, it takes the conversation back from the page it left, in the same session', async () => {
      const sessionsBefore = await relay.sessionIds();
      /** The session this test made, once there is one. */
      const session = async () =>
        (await relay.sessionIds()).find((id) => !sessionsBefore.includes(id)) ?? '';
      /** The questions the relay stored, as it heard them (PocketSphinx may mishear under load). */
      const stored = async () => (await relay.storedTurns(await session())).map((t) => t.userText);
      /** The call comes back by itself, or at a tap where the engine wants one. */
      const goOn = async () => {
        await expect
          .poll(shown(page))
          .toMatchObject({ status: matching(/^(Listening|Tap to go on talking)$/) });
        if ((await widgetShown(page))?.status === 'Tap to go on talking')
          await page.clickInShadow('parley-voice', '#call');
      };

      // Page A: a question answered, said to its end.
      await page.open(`${site.url}?mic=${FIRST_MIC}`);
      await page.clickInShadow('parley-voice', '#launcher');
      await expect.poll(stored).toHaveLength(1);
      await expect.poll(shown(page)).toMatchObject({ reply: matching(/\w/), status: 'Listening' });
      // Kept for Back, a page keeps this; loaded afresh, it has not.
      await page.evaluate(() => {
        Object.assign(window, { __keptForBack: true });
      });

      // Page B: the conversation goes on, the next question answered.
      await page.click('hours-link');
      await expect.poll(() => page.evaluate(() => location.pathname)).toBe(HOURS);
      await goOn();
      await expect.poll(stored).toHaveLength(2);
      await expect.poll(shown(page)).toMatchObject({ reply: matching(/\w/), status: 'Listening' });
      const next = (await widgetShown(page))!;
      expect(next.heard).toBe((await stored())[1]);

      // Back: A again (its microphone says its question again when the call listens).
      await page.evaluate(() => history.back());
      await expect.poll(() => page.evaluate(() => location.pathname)).toBe('/');
      const kept = await page.evaluate(
        () => (window as Window & { __keptForBack?: boolean }).__keptForBack === true,
      );
      console.log(
        `${name}: Back showed the page ${kept ? 'from the back/forward cache' : 'loaded afresh'}`,
      );
      // B's turn, in place of A's.
      await expect.poll(shown(page)).toMatchObject({ heard: next.heard, reply: next.reply });
      await goOn();
      // A's question answered in the same session, which holds each question once.
      await expect.poll(stored).toHaveLength(3);
      const turns = await stored();
      await expect.poll(shown(page)).toMatchObject({ heard: turns[2], reply: matching(/\w/) });
      const made = (await relay.sessionIds()).filter((id) => !sessionsBefore.includes(id));
      expect(made).toEqual([await session()]);
      expect(relay.logLines('session resumed', await session())).toHaveLength(2);
      // WebKit keeps such a page for Back (Safari's back/forward cache): that is the case taken
      // here. Gecko loads it afresh after a call (docs/design/call-across-pages.md, "Back"),
      // and it takes the conversation as a page that loads does.
      if (name === 'webkit') expect(kept).toBe(true);
    });

    test('a site the relay does not list: the widget says so, and no session is made', async () => {
      // Gecko tells the page's console that the call's code was not readable (no CORS for a
      // site not listed): the widget then asks the ticket exchange why.
      expectedErrors = [/^Cross-Origin Request Blocked: .*\/widget-call\.js\b/];
      const before = await relay.sessionIds();
      // The same site under another name: another origin, not in EMBED_ORIGINS.
      await page.open(`http://localhost:${sitePort}/`);
      await page.clickInShadow('parley-voice', '#launcher');
      await expect
        .poll(shown(page))
        .toMatchObject({ problem: SITE_NOT_ALLOWED_MESSAGE, callButton: { action: 'start' } });
      expect(await relay.sessionIds()).toEqual(before);
    });
  });
}
