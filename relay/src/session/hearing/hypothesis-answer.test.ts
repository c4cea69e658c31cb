import { describe, expect, it } from 'vitest';
import { sessionKits } from '../session.test-kit.ts';
import { asked, completes, cutsAt, readings, settle } from './pause.test-kit.ts';

const kit = sessionKits();

/** A new session's turn 1: six chunks, then a pause at which the recogniser {@link cutsAt}. */
async function pausedAt(hypothesis: string, closed: string) {
  const k = await kit();
  cutsAt(k, hypothesis, closed);
  k.speaks(1, 6).pauses(1);
  return k;
}

describe('an answer started at the pause, on the running hypothesis (issue 50)', () => {
  it('asks the model before the recogniser has closed the words, and says nothing until they are confirmed', async () => {
    const k = await pausedAt('what time is it', 'what time is it');
    // The recogniser's reading of the pause is not in yet: the model is asked already.
    await expect.poll(() => k.providers.llm.requests).toBe(1);
    expect(asked(k)).toBe('what time is it');
    expect(readings(k)).toEqual(['hypothesis: what time is it']);
    // Its reply is written (the fake's is instant), its voice is not asked.
    await settle();
    expect(k.providers.tts.requests).toBe(0);
    k.providers.asr.releaseSnapshots();
    // The reading says the same words: the answer stands, and is voiced (held back still).
    await expect.poll(() => k.providers.tts.requests).toBe(1);
    expect(readings(k)).toEqual(['hypothesis: what time is it', 'closed: what time is it']);
    expect(k.link.replySamples(1)).toBe(0);
    k.ends(1);
    await completes(k, { started: 1, promoted: 1, dropped: 0 });
    expect(k.link.replySamples(1)).toBeGreaterThan(0);
    expect(k.providers.llm.requests).toBe(1);
  });

  it('starts again once on the closed reading when it says other words: only that answer is voiced, both are metered as speculative', async () => {
    const k = await pausedAt('tell me a job', 'tell me a joke');
    await expect.poll(() => k.providers.llm.requests).toBe(1);
    expect(asked(k)).toBe('tell me a job');
    await settle();
    expect(k.providers.tts.requests).toBe(0);
    k.providers.asr.releaseSnapshots();
    await expect.poll(() => k.providers.llm.requests).toBe(2);
    expect(asked(k)).toBe('tell me a joke');
    expect(readings(k)).toEqual(['hypothesis: tell me a job', 'closed: tell me a joke']);
    // The answer on the closed words is voiced (its first sentence, held back still).
    await expect.poll(() => k.providers.tts.requests).toBe(1);
    k.ends(1);
    await completes(k, { started: 2, promoted: 1, dropped: 1 });
    // No third request at the end, and the answer on the hypothesis was never voiced: the
    // reply's two sentences, said once.
    expect(k.providers.llm.requests).toBe(2);
    expect(k.providers.tts.requests).toBe(2);
    expect(k.link.messages('transcript.final').map((m) => m.text)).toEqual(['tell me a joke']);
    expect((await k.stored())[0]).toMatchObject({ userText: 'tell me a joke' });
    // Both model calls are in the ledger, as speculative work: the dropped one too.
    await expect
      .poll(async () => (await k.ledger()).filter((r) => r.stage === 'llm').length)
      .toBe(2);
    const llm = (await k.ledger()).filter((r) => r.stage === 'llm');
    expect(llm.map((r) => [r.provider, r.speculative])).toEqual([
      ['fake-llm', 1],
      ['fake-llm', 1],
    ]);
  });

  it('takes a segment the recogniser closes in the pause for its closed reading: other words start the answer again, once', async () => {
    const k = await pausedAt('tell me a job', 'tell me a joke');
    await expect.poll(() => k.providers.llm.requests).toBe(1);
    // The cut's reading is slow (or says nothing); the recogniser's own segment closes first.
    k.providers.asr.closeSegment('tell me a joke');
    await expect.poll(() => k.providers.llm.requests).toBe(2);
    expect(asked(k)).toBe('tell me a joke');
    // The cut's reading then says the same words (and settles them): no third answer.
    k.providers.asr.releaseSnapshots();
    k.ends(1);
    await completes(k, { started: 2, promoted: 1, dropped: 1 });
    expect(k.providers.llm.requests).toBe(2);
    expect(readings(k)).toEqual(['hypothesis: tell me a job', 'closed: tell me a joke']);
  });

  it('waits for the closed reading where the running hypothesis owes more words, and starts on it', async () => {
    // "what time is a": a trailing article; the turn does not end before the closed reading.
    const k = await pausedAt('what time is a', 'what time is it');
    await settle();
    expect(k.providers.llm.requests).toBe(0);
    k.providers.asr.releaseSnapshots();
    await expect.poll(() => k.providers.llm.requests).toBe(1);
    expect(asked(k)).toBe('what time is it');
    k.ends(1);
    await completes(k, { started: 1, promoted: 1, dropped: 0 });
    expect(k.providers.llm.requests).toBe(1);
  });

  it('is dropped with its reading still to come when the user goes on; the whole question is answered', async () => {
    const k = await pausedAt('book a table', 'book a table');
    await expect.poll(() => k.providers.llm.requests).toBe(1);
    k.session.handle({ type: 'utterance.resume', turnId: 1 });
    k.providers.asr.releaseSnapshots();
    k.providers.asr.transcript = 'book a table for two';
    k.more(1, 4).ends(1);
    await completes(k, { started: 1, promoted: 0, dropped: 1 });
    expect(asked(k)).toBe('book a table for two');
    // The dropped answer was never voiced: the reply's two sentences, said once.
    expect(k.providers.tts.requests).toBe(2);
  });
});
