import { expect, test, type Page } from './mic-test.ts';
import { playedAt, recordReplyWire, storedTurns } from './control-wire.ts';
import { HELP } from '../relay/src/providers/embedded/offline/responder-lines.ts';

/**
 * Issue 52: words, not length, decide what a sound over the reply does to it, in a real browser
 * (its VAD, its player, its recogniser's words coming over the relay). The fake microphone asks
 * "what can you do" (the offline responder's ~13 s help), then says something ~2.5 s into it.
 * Forced full duplex: the fake microphone hears no echo, and that is what headphones are.
 */

/** What the page sent about the sound's utterance: its start, its cancel, its end. */
interface SoundWire {
  starts: { turnId: number; overReply: boolean }[];
  cancels: { turnId: number; reason: string }[];
  ends: number[];
}

function recordSoundWire(page: Page): SoundWire {
  const wire: SoundWire = { starts: [], cancels: [], ends: [] };
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = JSON.parse(payload) as {
        type: string;
        turnId: number;
        overReply?: boolean;
        reason?: string;
      };
      if (m.type === 'utterance.start')
        wire.starts.push({ turnId: m.turnId, overReply: m.overReply === true });
      else if (m.type === 'utterance.cancel')
        wire.cancels.push({ turnId: m.turnId, reason: m.reason ?? '' });
      else if (m.type === 'utterance.end') wire.ends.push(m.turnId);
    });
  });
  return wire;
}

/**
 * Records the wire, opens the call in full duplex and waits for the question's reply to be
 * playing: its turn, what the relay said of replies, what the page sent of the sound.
 */
async function askOverReply(page: Page) {
  const reply = recordReplyWire(page);
  const sound = recordSoundWire(page);
  await page.goto('/?duplex=full');
  await page.getByTestId('talk-button').click();
  // The recogniser sometimes loses or mishears the quiet last word; the responder still helps.
  await expect(page.getByTestId('user-utterance').nth(0)).toHaveText(/^what can you\b/);
  const first = page.getByTestId('assistant-utterance').nth(0);
  await expect(first).toBeVisible();
  return { turnId: Number(await first.getAttribute('data-turn')), reply, sound };
}

/** What the debug panel's turns table says the sounds over `turnId`'s reply did. */
async function overReplyCell(page: Page, turnId: number) {
  await page.getByTestId('debug-button').click();
  return page.locator(`[data-testid="debug-over-reply"][data-turn="${turnId}"]`);
}

test.describe('a backchannel over the reply', () => {
  test.use({ micFile: 'backchannel-over-reply' });

  test('"yeah yeah" over the reply: it goes on at full level to its end, is stored whole, and the backchannel is never answered', async ({
    page,
  }) => {
    const { turnId, reply, sound } = await askOverReply(page);
    const replies = page.getByTestId('assistant-utterance');

    // The sound over the reply was sent as one (its words unthrottled), then dropped, and the
    // reply not interrupted (under "stop at any sound" the VAD's 400 ms of speech would cut it).
    await expect
      .poll(() => sound.cancels.length + reply.interrupts.length, { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(reply.interrupts).toEqual([]);
    expect(sound.cancels).toEqual([{ turnId: turnId + 1, reason: 'backchannel' }]);
    expect(sound.starts).toContainEqual({ turnId: turnId + 1, overReply: true });
    // Back at full level: not held, and playing on (the worklet renders more of it).
    const heldAtCancel = await playedAt(page, turnId, 48_000);
    await expect.poll(() => page.evaluate(() => window.__parley?.player?.isPaused)).toBe(false);
    await expect
      .poll(() => playedAt(page, turnId, 48_000))
      .toBeGreaterThan(heldAtCancel + 48_000 / 2);

    // The reply plays to its end: every sample the relay sent is rendered, none cut.
    await expect(replies.nth(0)).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
    const done = reply.done.get(turnId);
    expect(done?.reply).toBe(HELP);
    const rate = await page.evaluate(() => window.__parley?.ready?.outputSampleRateHz ?? 0);
    await expect
      .poll(() => playedAt(page, turnId, rate), { timeout: 20_000 })
      .toBe(done?.audioSamples);
    expect(reply.interrupts).toEqual([]);
    expect(reply.heard.size).toBe(0);
    expect(await page.evaluate(() => window.__parley?.turns?.bargeIns.length)).toBe(0);
    await expect(replies.nth(0).getByTestId('interrupted-mark')).toHaveCount(0);

    // No turn for the backchannel: never ended, never answered, never stored.
    expect(sound.ends).not.toContain(turnId + 1);
    await expect(page.getByTestId('user-utterance')).toHaveCount(1);
    await expect(replies).toHaveCount(1);
    const stored = await storedTurns(page);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ assistantText: HELP, interrupted: false });

    // The debug panel says why the reply went on.
    const cell = await overReplyCell(page, turnId);
    await expect(cell).toHaveAttribute('data-actions', 'resume');
    await expect(cell).toHaveText(/^went on · /);
    await page.getByTestId('end-call-button').click();
  });
});

test.describe('a real interruption over the reply', () => {
  test.use({ micFile: 'stop-over-reply' });

  test('"wait stop" over the reply: it stops, and the stored reply is what was heard of it', async ({
    page,
  }) => {
    const { turnId, reply, sound } = await askOverReply(page);
    const replies = page.getByTestId('assistant-utterance');

    await expect(replies.nth(0)).toHaveAttribute('data-status', 'interrupted', { timeout: 30_000 });
    expect(reply.interrupts.map((i) => i.turnId)).toEqual([turnId]);
    await expect.poll(() => reply.heard.get(turnId)).toBeDefined();
    const heard = reply.heard.get(turnId) ?? '';
    // Cut short: some of the help, not all of it.
    expect(heard.length).toBeGreaterThan(0);
    expect(heard.length).toBeLessThan(HELP.length);
    expect(HELP.startsWith(heard)).toBe(true);
    expect(await page.evaluate(() => window.__parley?.turns?.bargeIns.length)).toBe(1);
    expect(sound.cancels).toEqual([]);

    // The interruption is a turn of its own, answered; the stored reply is what was heard.
    await expect(replies.nth(1)).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
    const stored = await storedTurns(page);
    expect(stored).toHaveLength(2);
    expect(stored[0]).toMatchObject({ assistantText: heard, interrupted: true });

    const cell = await overReplyCell(page, turnId);
    await expect(cell).toHaveAttribute('data-actions', 'stop');
    await expect(cell).toHaveText(/^stopped · /);
    await page.getByTestId('end-call-button').click();
  });
});
