import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, type ServerMessage } from '@parley/shared';
import { helloFor, micFrame, RawClient, savePreferences } from './clients.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

// Issue 52, part 3: a call gone silent is checked on once, then ended politely; speech resets
// it; a user who turned it off, and a typed conversation, are never checked on.

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

describe('silence in a call', () => {
  let relay: TestRelay | null = null;
  afterEach(async () => {
    await relay?.close();
    relay = null;
  });

  it('asks once whether the user is still there, then ends the call and says why', async () => {
    relay = await startTestRelay(SILENCE);
    const c = await call(relay);
    const ready = c.messages.find((m) => m.type === 'ready');
    const checkIn = await c.next('session.warning');
    expect(checkIn).toMatchObject({ reason: 'silence', remainingMs: 300 });
    expect(checkIn.message).toMatch(/still there/);
    const ended = await c.next('call.ended');
    expect(ended.reason).toBe('silence');
    expect(ended.message).toMatch(/Press Talk/);
    expect(checkIns(c)).toHaveLength(1);
    expect((await c.closed).code).toBe(CloseCode.Normal);
    const sessionId = ready?.type === 'ready' ? ready.sessionId : '';
    await expect.poll(() => relay?.registry.get(sessionId)).toBeUndefined();
  });

  it('a call in which the user never spoke is checked on too (the page says the call is live)', async () => {
    relay = await startTestRelay(SILENCE);
    const c = await RawClient.open(relay.wsUrl);
    c.send(await helloFor(relay));
    await c.next('ready');
    c.send({ type: 'call.state', live: true });
    expect(await c.next('session.warning')).toMatchObject({ reason: 'silence' });
    expect(await c.next('call.ended')).toMatchObject({ reason: 'silence' });
  });

  it('speech after the check-in starts the count again: asked again before the call ends', async () => {
    relay = await startTestRelay(SILENCE);
    const c = await call(relay);
    await c.next('session.warning');
    const said = c.messages.length;
    speak(c, 2);
    await c.next('call.ended');
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
  });
});
