import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { fixtureTurns } from '../fake-mic.ts';
import { axeViolations } from './axe.ts';
import type { Engine, EngineName, EnginePage } from './driver.ts';
import { LaneFigures } from './lane-figures.ts';
import { LaneRelay } from './lane-relay.ts';
import { attribute, filePositionMs, played, playedAt, sessionId, texts } from './page-reads.ts';
import { freePort } from './processes.ts';
import { open, replyRate, sentSamples, turnOf, userSaid } from './core-reads.ts';

/**
 * The core of what a user does, run against each engine the lanes drive (./webkit.test.ts,
 * ./firefox.test.ts): the same checks, read on the relay's side (its log, its counters, the turns
 * it stored) and in the page's own state — never through an engine's private view of the
 * WebSocket, which classic WebDriver does not have.
 */
export function coreSpec(name: EngineName, launch: () => Promise<Engine>): void {
  describe(`${name}: the core of a call`, () => {
    let engine: Engine;
    let relay: LaneRelay;
    let page: EnginePage;
    const figures = new LaneFigures(name);

    beforeAll(async () => {
      relay = new LaneRelay(await freePort(1));
      [engine] = await Promise.all([launch(), relay.start()]);
    });
    afterAll(async () => {
      // Either may be missing when starting it failed.
      await (engine as Engine | undefined)?.close();
      await (relay as LaneRelay | undefined)?.kill();
      figures.write();
    });
    beforeEach(async () => {
      page = await engine.newPage();
    });
    afterEach(async () => {
      try {
        expect(await page.pageErrors(), 'errors the page raised').toEqual([]);
      } finally {
        await page.close();
      }
    });

    test('opens with no page error; the manifest and the service worker register', async () => {
      await open(page, `${relay.url}/`);
      figures.userAgent = await page.evaluate(() => navigator.userAgent);
      const manifest = await page.evaluate(async () => {
        const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
        const res = await fetch(link?.href ?? '/none');
        return res.ok ? ((await res.json()) as Record<string, unknown>) : null;
      });
      expect(manifest).toMatchObject({ display: 'standalone', short_name: 'Parley' });
      // What an iPhone reads when the page is added to the home screen.
      const head = await page.evaluate(async () => {
        const meta = (name: string) =>
          document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? null;
        const icon = document.querySelector<HTMLLinkElement>('link[rel="apple-touch-icon"]');
        const res = await fetch(icon?.href ?? '/none');
        const image = res.ok ? await createImageBitmap(await res.blob()) : null;
        return {
          capable: meta('apple-mobile-web-app-capable'),
          statusBar: meta('apple-mobile-web-app-status-bar-style'),
          title: meta('apple-mobile-web-app-title'),
          icon: image ? `${image.width}x${image.height} ${res.headers.get('content-type')}` : null,
        };
      });
      expect(head).toEqual({
        capable: 'yes',
        statusBar: 'default',
        title: 'Parley',
        icon: '180x180 image/png',
      });
      await expect
        .poll(() =>
          page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state ?? null),
        )
        .toBe('activated');
    });

    test('a spoken question is heard and answered, and its reply is played to its end', async () => {
      const said = fixtureTurns('lane-questions');
      await open(page, `${relay.url}/?mic=lane-questions&debug=1`);
      await page.click('talk-button');
      await expect.poll(() => texts(page, 'assistant-utterance')).toHaveLength(2);
      await expect.poll(() => attribute(page, 'assistant-utterance', 'data-final', 1)).toBe('true');
      // The microphone was asked for once, inside the tap on Talk (Safari prompts only then).
      expect(await page.evaluate(() => window.__engineHarness?.micAskedInGesture)).toEqual([true]);
      const heard = await texts(page, 'user-utterance');
      for (const [i, turn] of said.entries()) figures.spoken(turn.text, heard[i] ?? '');
      // PocketSphinx may drop or mishear a quiet last word ("five times said" on a loaded
      // machine); audio at a wrong rate is heard as nothing alike. The figures keep the rest.
      expect(heard[0]).toMatch(/^what time is\b/i);
      expect(heard[1]).toMatch(/\w/);
      const replies = await texts(page, 'assistant-utterance');
      // The time when the question was read whole; "what time is a" gets another answer.
      expect(replies[0]).toMatch(
        heard[0] === 'what time is it' ? /^It's \d{1,2}:\d{2} [AP]M\.$/ : /\w/,
      );
      expect(replies[1]).toMatch(/\w/);

      // On the wire: the relay took the microphone in, the page told it each reply started
      // playing, and every sample it sent was played.
      expect(await relay.micFrames()).toBeGreaterThan(0);
      const session = await sessionId(page);
      const rate = await replyRate(page);
      for (const n of [0, 1]) {
        const turnId = await turnOf(page, n);
        expect(relay.logLines('playback started', session, turnId)).toHaveLength(1);
        const sent = await sentSamples(relay, page, turnId);
        expect(sent).toBeGreaterThan(rate / 2);
        await expect.poll(() => playedAt(page, turnId, rate)).toBe(sent);
        expect((await played(page, turnId)).nonSilent).toBeGreaterThan(0);
      }
      const stored = await relay.storedTurns(session ?? '');
      expect(stored.map((t) => [t.userText, t.assistantText, t.status])).toEqual(
        heard.map((h, i) => [h, replies[i], 'completed']),
      );

      // The debug panel says the rate the engine captures at.
      await expect
        .poll(() => texts(page, 'debug-audio'))
        .toEqual([expect.stringMatching(/mic \d/)]);
      figures.captureLine = (await texts(page, 'debug-audio'))[0] ?? '';
      // WebCodecs' Opus encoder, where the engine has one (both do here).
      expect(figures.captureLine).toMatch(/^audio up Opus/);
      // The page's clocks (capture and playback, mapped from the AudioContext's) agree with its
      // own: speech ended before the end was sent, the first sample played after it arrived.
      const marks = await page.evaluate(() =>
        (window.__parley?.store.getState().traces ?? []).map((t) => t.client),
      );
      expect(marks).toHaveLength(2);
      for (const m of marks) {
        expect(m.speechEndAtMs).toBeLessThan(m.endSentAtMs ?? 0);
        expect(m.firstSamplePlayedAtMs).toBeGreaterThan((m.firstAudioReceivedAtMs ?? 0) - 20);
      }
      const v2v = await page.evaluate(() =>
        (window.__parley?.store.getState().figures ?? []).map((f) => f.voiceToVoiceMs),
      );
      figures.voiceToVoiceMs.push(...v2v.filter((ms): ms is number => ms !== undefined));
    });

    test('a typed question is answered, and spoken', async () => {
      await open(page, `${relay.url}/?mic=quiet`);
      await page.click('talk-button');
      await expect.poll(() => attribute(page, 'talk-button', 'data-state')).toBe('listening');
      await page.type('text-input', 'what is twelve times seven');
      await page.press('Enter');
      await expect
        .poll(() => texts(page, 'user-utterance'))
        .toEqual(['what is twelve times seven']);
      await expect.poll(() => texts(page, 'assistant-utterance')).toEqual(['12 times 7 is 84.']);
      const turnId = await turnOf(page, 0);
      const sent = await sentSamples(relay, page, turnId);
      await expect.poll(() => playedAt(page, turnId, 16_000)).toBeGreaterThan(0);
      expect(sent).toBeGreaterThan(0);
      const stored = await relay.storedTurns((await sessionId(page)) ?? '');
      expect(stored.map((t) => [t.userText, t.assistantText])).toEqual([
        ['what is twelve times seven', '12 times 7 is 84.'],
      ]);
    });

    /**
     * Starts a call in `duplex` and types "what can you do" (a three-sentence answer); resolves
     * once its reply has played into the second sentence, with the reply's text as the page has
     * it. Typed, not said: these tests are about the cut, and under load WebKit's capture of
     * "what" is at times heard as "but" (another answer); the spoken path is the first test's.
     */
    async function intoTheReply(duplex: 'half' | 'full') {
      await open(page, `${relay.url}/?mic=quiet&duplex=${duplex}`);
      await page.click('talk-button');
      await expect.poll(() => attribute(page, 'talk-button', 'data-state')).toBe('listening');
      await page.type('text-input', 'what can you do');
      await page.press('Enter');
      await expect.poll(() => texts(page, 'assistant-utterance')).toHaveLength(1);
      const turnId = Number(await attribute(page, 'assistant-utterance', 'data-turn'));
      const rate = await replyRate(page);
      // "I'm the offline responder." takes about a second and a half.
      await expect.poll(() => playedAt(page, turnId, rate)).toBeGreaterThan(2.5 * rate);
      expect(await attribute(page, 'talk-button', 'data-action')).toBe('interrupt');
      const full = (await texts(page, 'assistant-utterance'))[0] ?? '';
      return { turnId, rate, full };
    }

    /**
     * The relay was told how much was played, the page played nothing more, and the relay kept
     * the reply as heard: whole sentences of its start, shorter than all of it.
     */
    async function expectCutWhereItStopped(turnId: number, rate: number, full: string) {
      const session = await sessionId(page);
      const cuts = () => relay.logLines('reply interrupted', session, turnId);
      await expect.poll(() => cuts()).toHaveLength(1);
      const playedSamples = Number(cuts()[0]?.playedSamples);
      const sent = await sentSamples(relay, page, turnId);
      expect(playedSamples).toBeGreaterThan(rate);
      expect(playedSamples).toBeLessThan(sent);
      expect(await playedAt(page, turnId, rate)).toBe(playedSamples);
      await expect
        .poll(() => attribute(page, 'assistant-utterance', 'data-status'))
        .toBe('interrupted');
      const bubble = (await texts(page, 'assistant-utterance'))[0] ?? '';
      const heard = bubble.replace(/ — interrupted$/, '');
      expect(heard).toMatch(/^I'm the offline responder\./);
      expect(full.startsWith(heard)).toBe(true);
      expect(heard.length).toBeLessThan(full.length);
      await expect
        .poll(async () =>
          (await relay.storedTurns((await sessionId(page)) ?? '')).map((t) => t.assistantText),
        )
        .toEqual([heard]);
      await expect.poll(() => attribute(page, 'talk-button', 'data-state')).toBe('listening');
      expect(await attribute(page, 'connection-status', 'data-state')).toBe('connected');
    }

    test('half duplex: a click on the talk control stops the reply where it is', async () => {
      const { turnId, rate, full } = await intoTheReply('half');
      await page.click('talk-button');
      await expectCutWhereItStopped(turnId, rate, full);
    });

    test('full duplex: Esc stops the reply where it is, as a click does', async () => {
      const { turnId, rate, full } = await intoTheReply('full');
      // Out of the text box first, as a user would be: Esc typed into it is the box's own.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.press('Escape');
      await expectCutWhereItStopped(turnId, rate, full);
    });

    test('muted, no microphone frame reaches the relay; unmuted, the same session goes on', async () => {
      const phrases = fixtureTurns('lane-mute');
      await open(page, `${relay.url}/?mic=lane-mute`);
      await page.click('talk-button');
      await expect.poll(() => attribute(page, 'assistant-utterance', 'data-final')).toBe('true');
      const session = await sessionId(page);
      await page.click('mute-button');
      expect(await attribute(page, 'mute-button', 'aria-pressed')).toBe('true');
      const framesAtMute = await relay.micFrames();
      const startsAtMute = relay.logLines('utterance started', session).length;
      // The second question is said into the muted microphone.
      await expect.poll(() => filePositionMs(page)).toBeGreaterThan(phrases[1]!.speechEndMs + 1000);
      expect(await relay.micFrames()).toBe(framesAtMute);
      expect(relay.logLines('utterance started', session)).toHaveLength(startsAtMute);
      expect(await texts(page, 'user-utterance')).toHaveLength(1);

      // `M` unmutes, before the third question.
      await page.press('m');
      expect(await attribute(page, 'mute-button', 'aria-pressed')).toBe('false');
      figures.spoken(phrases[0]!.text, await userSaid(page, 0));
      figures.spoken(phrases[2]!.text, await userSaid(page, 1));
      // What was said after the unmute ("good morning"), not what was said muted.
      expect(await userSaid(page, 1)).not.toMatch(/five|six/);
      await expect.poll(() => texts(page, 'assistant-utterance')).toHaveLength(2);
      expect(await relay.micFrames()).toBeGreaterThan(framesAtMute);
      expect(await sessionId(page)).toBe(session);
      const stored = await relay.storedTurns(session ?? '');
      expect(stored.map((t) => t.userText).join(' ')).not.toMatch(/five|six/);
      expect(await page.evaluate(() => window.__parley?.connection?.reconnects ?? -1)).toBe(0);
    });

    test('the relay killed mid-utterance and restarted: the utterance is answered once, after the resume', async () => {
      const own = new LaneRelay(await freePort(2));
      await own.start();
      try {
        await open(page, `${own.url}/?mic=lane-resume`);
        await page.click('talk-button');
        // The first question is answered before the kill. What PocketSphinx reads of it in
        // WebKit's capture ("what time is it", or "… is a" in CI of 2026-11-28) is not what this
        // test is about: the turn cut by the kill is, and it is checked word for word below.
        await expect.poll(() => texts(page, 'assistant-utterance')).toHaveLength(1);
        const first = await userSaid(page, 0);
        await expect
          .poll(() => attribute(page, 'talk-button', 'data-state'), { timeout: 15_000 })
          .toBe('user-speaking');
        await own.kill('SIGKILL');
        await expect
          .poll(() => attribute(page, 'connection-status', 'data-state'))
          .toBe('reconnecting');
        await own.start();
        for (const [i, phrase] of fixtureTurns('lane-resume').entries())
          figures.spoken(phrase.text, await userSaid(page, i));
        expect(await userSaid(page, 1)).toBe('thank you very much');
        // The reply's bubble shows before its last words: polled to its whole text.
        await expect
          .poll(async () => (await texts(page, 'assistant-utterance'))[1])
          .toBe("You're welcome.");
        const turnId = await turnOf(page, 1);
        // Answered once, by the relay that came back, and played once, whole.
        const sent = await sentSamples(own, page, turnId);
        expect(own.logLines('turn done', await sessionId(page), turnId)).toHaveLength(1);
        const rate = await replyRate(page);
        await expect.poll(() => playedAt(page, turnId, rate)).toBe(sent);
        await expect
          .poll(async () =>
            (await own.storedTurns((await sessionId(page)) ?? '')).map((t) => [
              t.userText,
              t.status,
            ]),
          )
          .toEqual([
            [first, 'completed'],
            ['thank you very much', 'completed'],
          ]);
        const connection = await page.evaluate(() => ({
          resumes: window.__parley?.connection?.resumes ?? 0,
          lost: window.__parley?.connection?.lostChunks ?? -1,
        }));
        expect(connection.resumes).toBeGreaterThanOrEqual(1);
        expect(connection.lost).toBe(0);
        expect(await texts(page, 'app-notice')).toEqual([]);
      } finally {
        await own.kill();
      }
    });

    test('the system takes the call’s audio (a phone call, Siri): "Tap to resume", and a tap anywhere gives it back', async () => {
      await open(page, `${relay.url}/?mic=lane-tap`);
      await page.click('talk-button');
      await expect.poll(() => attribute(page, 'assistant-utterance', 'data-final')).toBe('true');
      // As on an iPhone: the context is suspended under the call and resumes only inside a
      // user's gesture (outside one, resume() never settles).
      await page.evaluate(async () => {
        const context = window.__parley?.context;
        if (!context) throw new Error('no call');
        const resume = context.resume.bind(context);
        context.resume = () =>
          window.__engineHarness?.inGesture() ? resume() : new Promise<void>(() => undefined);
        await context.suspend();
      });
      await expect.poll(() => attribute(page, 'mic-status', 'data-state')).toBe('stuck');
      expect((await texts(page, 'mic-status'))[0]).toMatch(/Tap to resume\.Resume$/);
      // A tap on the call's state line, not on a control.
      await page.click('call-state');
      await expect.poll(() => texts(page, 'mic-status')).toEqual([]);
      expect(await page.evaluate(() => window.__parley?.context?.state)).toBe('running');
      // The microphone came back inside the tap, and the call hears again (the file restarts).
      expect(await page.evaluate(() => window.__engineHarness?.micAskedInGesture)).toEqual([
        true,
        true,
      ]);
      expect(await userSaid(page, 1)).toMatch(/^what time is\b/);
      await expect.poll(() => attribute(page, 'assistant-utterance', 'data-final', 1)).toBe('true');
    });

    test("without WebCodecs' AudioEncoder (Safari before 26), the microphone goes as PCM16 and is answered", async () => {
      await open(page, `${relay.url}/?mic=long-reply&without=AudioEncoder,AudioDecoder&debug=1`);
      expect(await page.evaluate(() => typeof window.AudioEncoder)).toBe('undefined');
      await page.click('talk-button');
      figures.spoken(fixtureTurns('long-reply')[0]!.text, await userSaid(page, 0));
      // Answered, whatever the words were heard as: how well PocketSphinx hears this engine's
      // capture is the lane's word error rate (under load WebKit's "what" is at times "but").
      await expect.poll(() => attribute(page, 'assistant-utterance', 'data-final')).toBe('true');
      expect((await texts(page, 'assistant-utterance'))[0]).not.toBe('');
      await expect
        .poll(() => texts(page, 'debug-audio'))
        .toEqual([expect.stringMatching(/^audio up PCM16 · down Opus/)]);
      // Nor does the page offer a speaker it could not choose (no AudioContext.setSinkId here).
      expect(await page.evaluate(() => window.__parley?.store.getState().speakerSelectable)).toBe(
        await page.evaluate(() => 'setSinkId' in AudioContext.prototype),
      );
    });

    test('axe: no serious or critical violation on the main view, before and during a call', async () => {
      await open(page, `${relay.url}/?mic=quiet`);
      const blocking = (v: { impact: string | null }) =>
        v.impact === 'serious' || v.impact === 'critical';
      expect((await axeViolations(page)).filter(blocking)).toEqual([]);
      await page.click('talk-button');
      await expect.poll(() => attribute(page, 'talk-button', 'data-state')).toBe('listening');
      expect((await axeViolations(page)).filter(blocking)).toEqual([]);
    });
  });
}
