import { describe, expect, it } from 'vitest';
import { CHUNK_SAMPLES } from '@parley/shared';
import {
  FAKE_REPLY,
  FAKE_TRANSCRIPT,
  ZERO_LATENCY,
} from '../../test/fakes/providers/provider-set.ts';
import { micFrame, pausePartial as partial, sessionKits } from './session.test-kit.ts';

const kit = sessionKits();

/**
 * A session whose recogniser snapshots (tells its words so far at a pause: `hypothesis`) and
 * hears `transcript` in the segment the pause closes (cut there when `cut`), turn 1 spoken up to
 * a pause.
 */
async function spokenToAPause(hypothesis: string, transcript: string, cut = false) {
  const k = await kit();
  k.providers.asr.snapshots = true;
  k.providers.asr.cutSnapshots = cut;
  k.providers.asr.hypothesis = hypothesis;
  k.providers.asr.transcript = transcript;
  k.speaks(1, 6).pauses(1);
  return k;
}

describe('a session, in-process', () => {
  it('answers a spoken turn: transcript, reply text and audio, turn.done, one stored turn, acked', async () => {
    const k = await kit();
    k.speaks(1, 8).ends(1);
    const done = await k.turnDone(1);
    expect(done).toMatchObject({ status: 'completed', reply: FAKE_REPLY });
    expect(k.link.messages('transcript.final')).toEqual([
      expect.objectContaining({ turnId: 1, text: FAKE_TRANSCRIPT }),
    ]);
    expect(k.link.replySamples(1)).toBe(done.audioSamples);
    expect(done.audioSamples).toBeGreaterThan(0);
    expect(await k.stored()).toEqual([
      expect.objectContaining({ turnId: 1, userText: FAKE_TRANSCRIPT, assistantText: FAKE_REPLY }),
    ]);
    // Its audio is durably handled: the client may forget chunks 0–7.
    expect(k.acked).toBe(7);
    expect(k.observer.turns.map((t) => t.input)).toEqual(['spoken']);
  });

  it('answers a typed turn on the same path, with no recogniser and no audio kept', async () => {
    const k = await kit();
    k.types(1, 'what is the weather like today');
    const done = await k.turnDone(1);
    expect(done).toMatchObject({ status: 'completed', reply: FAKE_REPLY });
    expect(k.providers.asr.utterances).toBe(0);
    expect(k.observer.turns).toEqual([expect.objectContaining({ input: 'typed', audio: null })]);
    expect((await k.stored())[0]?.userText).toBe('what is the weather like today');
  });

  it('keeps an utterance’s audio once: its recognisers read views of it, which read nothing once its turn is over', async () => {
    const k = await kit();
    // A pause: the fake cannot say its words so far, so a second recogniser hears the audio
    // up to the pause.
    k.speaks(1, 5).pauses(1).more(1, 3);
    const [main, speculative] = k.providers.asr.views;
    expect(k.providers.asr.views).toHaveLength(2);
    expect(main).toMatchObject({ samples: 8 * CHUNK_SAMPLES, overflowed: false });
    expect(speculative).toMatchObject({ samples: 5 * CHUNK_SAMPLES, overflowed: false });
    expect(main?.copy()).toEqual(new Int16Array(8 * CHUNK_SAMPLES));
    k.ends(1);
    expect(await k.turnDone(1)).toMatchObject({ status: 'completed' });
    // Its blocks went back to the pool for other utterances: a reader sees none of them.
    expect(main).toMatchObject({ samples: 0, overflowed: true });
    expect(speculative).toMatchObject({ samples: 0, overflowed: true });
  });

  it('counts every seq once: duplicates are dropped, gaps are counted', async () => {
    const k = await kit();
    k.speaks(1, 3);
    // A chunk again (a resend), then one skipped.
    k.session.audio(micFrame(2, 1));
    k.session.audio(micFrame(4, 1));
    expect(k.observer.frames).toEqual({ accepted: 4, duplicate: 1, missing: 1 });
  });

  it('refuses audio of a turn that is not being spoken, and turn ids that go back', async () => {
    const k = await kit();
    expect(() => k.session.audio(micFrame(0, 9))).toThrow(/turn/i);
    k.types(3, 'hello');
    await k.turnDone(3);
    expect(() => k.speaks(2, 1)).toThrow(/increase/);
  });

  it('a new question supersedes the answer still being produced', async () => {
    const k = await kit();
    // Turn 2 ends in the same tick as turn 1: turn 1 cannot have finished.
    k.speaks(1, 5).ends(1);
    k.speaks(2, 5).ends(2);
    expect((await k.turnDone(1)).status).toBe('cancelled');
    expect((await k.turnDone(2)).status).toBe('completed');
    // The history the next LLM call sees holds only the answered question.
    expect(k.session.historyLength).toBe(2);
  });

  it('a cancelled utterance is no turn: acknowledged, nothing stored, its audio metered', async () => {
    const k = await kit();
    k.speaks(1, 4).cancels(1);
    await k.session.idle();
    expect(k.acked).toBe(3);
    expect(await k.stored()).toEqual([]);
    expect(k.link.messages('turn.done')).toEqual([]);
    expect(k.providers.asr.utterances).toBe(1);
  });

  it('answers speculatively at a pause and promotes the answer when the user stops there', async () => {
    const k = await kit();
    k.speaks(1, 6).pauses(1);
    // Nothing of the held answer reaches the client before the end of the utterance.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(k.link.messages('reply.delta')).toEqual([]);
    k.ends(1);
    const done = await k.turnDone(1);
    expect(done.status).toBe('completed');
    expect(k.observer.speculations).toEqual({ started: 1, promoted: 1, dropped: 0 });
    expect(k.providers.llm.requests).toBe(1);
  });

  /**
   * Issue 61, item 4: a client resumed after an outage replays the utterance with its pauses in
   * their place; to this relay, which has the audio past them, they are old: acted on, they cut
   * the speech again further back and start an answer on words already past.
   */
  it('acts on no pause a resumed client replays behind the audio it has, nor on its resume', async () => {
    const k = await kit();
    k.speaks(1, 6).pauses(1);
    k.session.handle({ type: 'utterance.resume', turnId: 1 });
    k.more(1, 4);
    const told = k.link.messages('transcript.partial').length;
    // The replay: the pause after seq 5 and its resume, behind the audio up to seq 9.
    k.session.handle({ type: 'utterance.pause', turnId: 1, lastSeq: 5 });
    k.session.handle({ type: 'utterance.resume', turnId: 1 });
    expect(k.observer.speculations).toEqual({ started: 1, promoted: 0, dropped: 1 });
    expect(k.link.messages('transcript.partial')).toHaveLength(told);
    k.ends(1);
    expect((await k.turnDone(1)).status).toBe('completed');
  });

  it("tells the client at once what it heard up to a pause (the client's end of turn waits on it)", async () => {
    const k = await kit();
    k.providers.asr.transcript = 'book a table for';
    k.speaks(1, 6).pauses(1);
    await expect
      .poll(() => k.link.messages('transcript.partial'))
      .toEqual([partial('book a table for', 5, { reading: 'closed' })]);
    // Speech goes on: words for a pause no longer standing are not sent.
    k.providers.asr.transcript = 'book a table for two';
    k.session.handle({ type: 'utterance.resume', turnId: 1 });
    k.more(1, 4).ends(1);
    expect((await k.turnDone(1)).status).toBe('completed');
    expect(
      k.link.messages('transcript.partial').filter((m) => m.pauseSeq !== undefined),
    ).toHaveLength(1);
  });

  it("sends the recogniser's latest hypothesis at a pause at once, without waiting for the speculation's words", async () => {
    const k = await kit({ latencies: { ...ZERO_LATENCY, asrFinalMs: 60_000 } });
    k.providers.asr.hypothesis = 'what time is it';
    k.speaks(1, 6).pauses(1);
    // Synchronously: the speculation's recogniser (a minute away here) is not waited for.
    expect(k.link.messages('transcript.partial').filter((m) => m.pauseSeq === 5)).toEqual([
      partial('what time is it', 5),
    ]);
  });

  it("then the speculation's words of the pause, only when they differ from the hypothesis", async () => {
    const k = await kit();
    k.providers.asr.hypothesis = 'what time is it';
    k.providers.asr.transcript = 'what time is it';
    k.speaks(1, 6).pauses(1);
    k.session.handle({ type: 'utterance.resume', turnId: 1 });
    k.providers.asr.hypothesis = 'book a table';
    k.providers.asr.transcript = 'book a table for';
    k.more(1, 4).pauses(1);
    await expect
      .poll(() => k.link.messages('transcript.partial').filter((m) => m.pauseSeq !== undefined))
      .toEqual([
        partial('what time is it', 5),
        partial('book a table', 9),
        partial('book a table for', 9, { reading: 'closed' }),
      ]);
    k.ends(1);
    expect((await k.turnDone(1)).status).toBe('completed');
    // The first pause's speculation heard what the hypothesis said: not sent twice.
    expect(
      k.link.messages('transcript.partial').filter((m) => m.pauseSeq !== undefined),
    ).toHaveLength(3);
  });

  it('answers on the hypothesis at once, and again on the closed segment when it says other words', async () => {
    const k = await spokenToAPause('what time is a', 'what time is it');
    // The answer on the hypothesis starts in the same tick as the pause.
    expect(k.observer.speculations.started).toBe(1);
    await expect
      .poll(() => k.link.messages('transcript.partial').filter((m) => m.pauseSeq === 5))
      .toEqual([
        partial('what time is a', 5),
        partial('what time is it', 5, { reading: 'closed' }),
      ]);
    k.ends(1);
    expect((await k.turnDone(1)).status).toBe('completed');
    expect(k.observer.speculations).toEqual({ started: 2, promoted: 1, dropped: 1 });
    // The answer the user gets is to the closed segment's words.
    expect(k.providers.llm.lastMessages.at(-1)?.content).toBe('what time is it');
  });

  it('with a recogniser that cuts at the pause, tells the client its closed reading follows, and sends it even when it says the same words', async () => {
    const k = await spokenToAPause('what time is it', 'what time is it', true);
    await expect
      .poll(() => k.link.messages('transcript.partial').filter((m) => m.pauseSeq === 5))
      .toEqual([
        partial('what time is it', 5, { closedFollows: true }),
        partial('what time is it', 5, { reading: 'closed' }),
      ]);
    k.ends(1);
    expect((await k.turnDone(1)).status).toBe('completed');
    // The answer started once, on the hypothesis, which the closed reading confirmed.
    expect(k.observer.speculations).toEqual({ started: 1, promoted: 1, dropped: 0 });
  });

  it('one LLM request when the closed segment agrees with the hypothesis', async () => {
    const k = await spokenToAPause('what time is it', 'what time is it');
    k.ends(1);
    expect((await k.turnDone(1)).status).toBe('completed');
    expect(k.observer.speculations).toEqual({ started: 1, promoted: 1, dropped: 0 });
    expect(k.providers.llm.requests).toBe(1);
  });

  it('a held answer synthesises its first sentence only, and the rest once it is promoted', async () => {
    const k = await kit();
    k.speaks(1, 6).pauses(1);
    await expect.poll(() => k.providers.tts.requests).toBe(1);
    // The whole reply is written (the LLM is never held up), yet no second sentence is said.
    await expect.poll(() => k.providers.llm.open).toBe(0);
    await k.session.idle();
    expect(k.providers.tts.requests).toBe(1);
    k.ends(1);
    expect((await k.turnDone(1)).status).toBe('completed');
    expect(k.providers.tts.requests).toBe(2);
    expect(k.link.messages('reply.segment').map((s) => s.text)).toEqual([
      'It is sunny and warm.',
      'A light breeze comes in the afternoon.',
    ]);
  });

  it('drops the speculation when the user goes on talking, and answers once', async () => {
    const k = await kit();
    k.speaks(1, 6).pauses(1);
    k.session.handle({ type: 'utterance.resume', turnId: 1 });
    k.more(1, 4).ends(1);
    expect((await k.turnDone(1)).status).toBe('completed');
    expect(k.observer.speculations).toEqual({ started: 1, promoted: 0, dropped: 1 });
    expect(k.link.messages('turn.done')).toHaveLength(1);
  });

  it('an interrupt keeps only the words heard, in history and storage', async () => {
    const k = await kit();
    k.types(1, 'what is the weather like today');
    await k.turnDone(1);
    const second = k.link.messages('reply.segment')[1];
    expect(second).toBeDefined();
    k.interrupts(1, second?.startSample ?? 0);
    await k.session.idle();
    expect(k.link.messages('reply.truncated')).toEqual([
      expect.objectContaining({ turnId: 1, heard: 'It is sunny and warm.' }),
    ]);
    expect((await k.stored())[0]).toMatchObject({
      assistantText: 'It is sunny and warm.',
      status: 'completed',
      interrupted: true,
    });
    expect(k.observer.bargeIns).toBe(1);
  });

  it('an interrupt before any of the reply was sent (still thinking) stops it: nothing is kept', async () => {
    const k = await kit();
    k.types(1, 'what is the weather like today');
    // The user stops it at once (a tap on the talk control): not a word was sent yet.
    k.interrupts(1, 0);
    const done = await k.turnDone(1);
    expect(done).toMatchObject({ status: 'cancelled', reply: '' });
    await k.session.idle();
    expect(k.link.messages('reply.truncated')).toEqual([
      expect.objectContaining({ turnId: 1, heard: '' }),
    ]);
    expect((await k.stored()).filter((t) => t.assistantText !== '')).toEqual([]);
    expect(k.link.replySamples(1)).toBe(0);
  });

  it('after a resume, replayed messages of turns already handled are ignored', async () => {
    const k = await kit();
    k.speaks(1, 4).ends(1);
    await k.turnDone(1);
    k.session.attach(k.link, -1, true);
    // The client did not see the ack and sends the turn again.
    k.session.handle({ type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: 0 });
    for (let s = 0; s < 4; s++) k.session.audio(micFrame(s, 1));
    k.session.handle({
      type: 'utterance.end',
      turnId: 1,
      lastSeq: 3,
      speechEndAtMs: 0,
      sentAtMs: 0,
    });
    await k.session.idle();
    expect(k.link.messages('turn.done').filter((m) => m.turnId === 1)).toHaveLength(2);
    expect(k.providers.asr.utterances).toBe(1);
    expect(await k.stored()).toHaveLength(1);
  });

  it('frees the user’s slot once when it closes', async () => {
    const k = await kit();
    await k.close();
    expect(k.released).toBe(1);
  });
});
