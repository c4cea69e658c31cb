import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, sessionDetail, type ServerMessage } from '@parley/shared';
import { GOODBYE_LINE, STILL_THERE_LINE } from '../src/session/quiet/call-silence-watch.ts';
import { helloFor, micFrame, rawRequest, RawClient, savePreferences } from './clients.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

// Issue 52, part 3: a call gone silent is checked on once, aloud, then ended politely with a
// spoken goodbye; speech resets it; a user who turned it off, and a typed conversation, are
// never checked on.

/** A short stretch of silence, so the test runs in about a second (no sleeps: it waits for messages). */
const SILENCE = { CALL_SILENCE_S: '0.3' };

/** A call: a session that streamed microphone audio (an utterance begun and cancelled). */
async function call(relay: TestRelay, turnId = 1): Promise<RawClient> {
  const c = await RawClient.open(relay.wsUrl);
  c.send(await helloFor(relay));
  await c.next('ready');
  speak(c, turnId);
  return c;
}

/** The user says something that is not answered (a cough): speech all the same. */
function speak(c: RawClient, turnId: number): void {
  c.send({ type: 'utterance.start', turnId, firstSeq: turnId * 10, speechStartAtMs: Date.now() });
  c.send(micFrame(turnId * 10, turnId));
  c.send({ type: 'utterance.cancel', turnId, reason: 'misfire' });
}

const checkIns = (c: RawClient): ServerMessage[] =>
  c.messages.filter((m) => m.type === 'session.warning' && m.reason === 'silence');

/** The `turn.done` of the turn that said `line` (the relay's own turns). */
const saidAs = (c: RawClient, line: string) =>
  c.messages.find((m) => m.type === 'turn.done' && m.reply === line);

/** Samples of reply audio that came for `turnId`. */
const samplesOf = (c: RawClient, turnId: number) =>
  c.frames.filter((f) => f.turnId === turnId).reduce((sum, f) => sum + f.samples, 0);

describe('silence in a call', () => {
  let relay: TestRelay | null = null;
  afterEach(async () => {
    await relay?.close();
    relay = null;
  });

  it('asks once, aloud, whether the user is still there; then says goodbye, ends the call and says why', async () => {
    relay = await startTestRelay(SILENCE);
    const c = await call(relay);
    const ready = await c.next('ready');
    const checkIn = await c.next('session.warning');
    expect(checkIn).toMatchObject({ reason: 'silence', remainingMs: 300 });
    expect(checkIn.message).toMatch(/still there/);
    const ended = await c.next('call.ended', 20_000);
    const endedAt = Date.now();
    expect(ended.reason).toBe('silence');
    expect(ended.message).toMatch(/Press Talk/);
    expect(checkIns(c)).toHaveLength(1);
    expect((await c.closed).code).toBe(CloseCode.Normal);

    // Both lines were turns of the assistant's own, numbered after the user's (turn 1), said in
    // the voice: their text, then their audio, then their end.
    const asked = saidAs(c, STILL_THERE_LINE);
    const bye = saidAs(c, GOODBYE_LINE);
    expect(asked).toMatchObject({ turnId: 2, status: 'completed' });
    expect(bye).toMatchObject({ turnId: 3, status: 'completed' });
    expect(c.messages).toContainEqual(
      expect.objectContaining({ type: 'reply.delta', turnId: 2, text: STILL_THERE_LINE }),
    );
    expect(samplesOf(c, 2)).toBe(asked?.type === 'turn.done' ? asked.audioSamples : -1);
    const byeSamples = samplesOf(c, 3);
    expect(byeSamples).toBe(bye?.type === 'turn.done' ? bye.audioSamples : -1);
    expect(byeSamples).toBeGreaterThan(0);
    // The goodbye's audio all came before the call ended, and the call ended only once it could
    // have been heard: not before its audio's length after its turn ended.
    const endedIndex = c.messages.indexOf(ended);
    expect(c.frames.filter((f) => f.turnId === 3).every((f) => f.afterMessages < endedIndex)).toBe(
      true,
    );
    const byeMs = (byeSamples / ready.outputSampleRateHz) * 1000;
    expect(endedAt - byeDoneAt(c)).toBeGreaterThanOrEqual(byeMs - 150);

    // Stored as the assistant's turns, with no words of the user's.
    await expect.poll(() => relay?.registry.get(ready.sessionId)).toBeUndefined();
    const stored = await rawRequest(`${relay.url}/api/sessions/${ready.sessionId}`);
    const turns = sessionDetail.parse(JSON.parse(stored.body)).turns;
    expect(turns.map((t) => [t.turnId, t.userText, t.assistantText, t.status])).toEqual([
      [2, '', STILL_THERE_LINE, 'completed'],
      [3, '', GOODBYE_LINE, 'completed'],
    ]);
  });

  it('says the check-in in the user’s voice and pace', async () => {
    relay = await startTestRelay(SILENCE);
    const checkInSamples = async (r: TestRelay) => {
      const c = await call(r);
      await expect.poll(() => saidAs(c, STILL_THERE_LINE), { timeout: 10_000 }).toBeDefined();
      c.ws.close(1000);
      const done = saidAs(c, STILL_THERE_LINE);
      return done?.type === 'turn.done' ? done.audioSamples : 0;
    };
    const atUsualPace = await checkInSamples(relay);
    expect((await savePreferences(relay.url, { speakingRate: 0.5 })).status).toBe(200);
    // Half the pace: about twice as long.
    expect(await checkInSamples(relay)).toBeGreaterThan(atUsualPace * 1.5);
  });

  it('the user speaking over the check-in cuts it to what they heard, as over a reply', async () => {
    relay = await startTestRelay(SILENCE);
    const c = await call(relay);
    const ready = await c.next('ready');
    await expect.poll(() => samplesOf(c, 2)).toBeGreaterThan(1600);
    c.send({ type: 'interrupt', turnId: 2, playedSamples: 1600 });
    speak(c, 3);
    expect(await c.next('reply.truncated')).toMatchObject({ turnId: 2 });
    await c.next('call.ended', 20_000);
    const stored = await rawRequest(`${relay.url}/api/sessions/${ready.sessionId}`);
    const [asked] = sessionDetail.parse(JSON.parse(stored.body)).turns;
    expect(asked).toMatchObject({ turnId: 2, userText: '', interrupted: true });
    expect(STILL_THERE_LINE.startsWith(asked?.assistantText ?? 'x')).toBe(true);
    expect(asked?.assistantText.length).toBeLessThan(STILL_THERE_LINE.length);
  });

  it('a call in which the user never spoke is checked on too (the page says the call is live)', async () => {
    relay = await startTestRelay(SILENCE);
    const c = await RawClient.open(relay.wsUrl);
    c.send(await helloFor(relay));
    await c.next('ready');
    c.send({ type: 'call.state', live: true });
    expect(await c.next('session.warning')).toMatchObject({ reason: 'silence' });
    expect(await c.next('call.ended', 20_000)).toMatchObject({ reason: 'silence' });
  });

  it('speech after the check-in starts the count again: asked again before the call ends', async () => {
    relay = await startTestRelay(SILENCE);
    const c = await call(relay);
    await c.next('session.warning');
    const said = c.messages.length;
    // After the check-in (turn 2), as the page numbers its turns after the relay's.
    speak(c, 3);
    await c.next('call.ended', 20_000);
    expect(checkIns(c)).toHaveLength(2);
    // The second check-in came after the speech, not before it.
    expect(c.messages.indexOf(checkIns(c)[1] as ServerMessage)).toBeGreaterThanOrEqual(said);
  });

  it('never counts during a reply: the silence starts when its audio has played', async () => {
    relay = await startTestRelay(SILENCE);
    const c = await call(relay);
    c.send({ type: 'user.text', turnId: 2, text: 'What time is it?' });
    const done = await c.next('turn.done');
    const doneAt = Date.now();
    const ready = await c.next('ready');
    const audioMs = (done.audioSamples / ready.outputSampleRateHz) * 1000;
    // Longer than the relay's look while busy (1 s), so that counting from the turn's end fails.
    expect(audioMs).toBeGreaterThan(1500);
    await c.next('session.warning');
    // Less a little for the turn.done's own trip (it left the relay before `doneAt`).
    expect(Date.now() - doneAt).toBeGreaterThanOrEqual(audioMs + 300 - 150);
  });

  it('never checks on a user who turned it off, nor on a typed conversation', async () => {
    // The idle timeout is the witness: it closes the session long after the check-in was due.
    relay = await startTestRelay({ ...SILENCE, IDLE_TIMEOUT_S: '1' });
    const typed = await RawClient.open(relay.wsUrl);
    typed.send(await helloFor(relay));
    await typed.next('ready');
    expect((await typed.closed).code).toBe(CloseCode.LimitExceeded);
    expect(checkIns(typed)).toEqual([]);

    const put = await savePreferences(relay.url, { checkInOnSilence: false });
    expect(put.status).toBe(200);
    const c = await call(relay);
    expect((await c.closed).code).toBe(CloseCode.LimitExceeded);
    expect(checkIns(c)).toEqual([]);
    expect(c.messages.some((m) => m.type === 'call.ended')).toBe(false);
    // Nothing said either.
    expect(c.messages.some((m) => m.type === 'reply.delta' || m.type === 'turn.done')).toBe(false);
    expect(c.frames).toEqual([]);
  });
});

/** When the goodbye's `turn.done` arrived (recorded by {@link RawClient.arrivals}). */
function byeDoneAt(c: RawClient): number {
  const i = c.messages.findIndex((m) => m.type === 'turn.done' && m.reply === GOODBYE_LINE);
  return c.arrivals[i] ?? Number.NaN;
}
