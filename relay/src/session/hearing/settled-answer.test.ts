import { describe, expect, it } from 'vitest';
import { sessionKits } from '../session.test-kit.ts';
import { asked, completes, hears, readings, settle } from './pause.test-kit.ts';

const kit = sessionKits();

/**
 * Turn 1 of a new session so far: the user said six chunks, which the recogniser {@link hears}
 * as `hypothesis` and reads as `closed`. `finalsHeld`: its final transcript waits until
 * `releaseFinals`.
 */
async function saying(hypothesis: string, closed: string, finalsHeld = false) {
  const k = await kit();
  hears(k, hypothesis, closed);
  k.speaks(1, 6);
  if (finalsHeld) k.providers.asr.holdFinals();
  return k;
}

describe('an answer whose words settled at the pause', () => {
  it('goes out when the utterance ends, before the final transcript', async () => {
    const k = await saying('what time is it', 'what time is it', true);
    k.pauses(1).ends(1);
    await expect.poll(() => k.link.replySamples(1)).toBeGreaterThan(0);
    expect(k.link.messages('transcript.final')).toEqual([
      expect.objectContaining({ turnId: 1, text: 'what time is it' }),
    ]);
    expect(k.providers.asr.finals).toBe(0);
    k.providers.asr.releaseFinals();
    await completes(k, { started: 1, promoted: 1, dropped: 0 });
    expect(k.providers.llm.requests).toBe(1);
    // The recogniser's audio is paid for once the final comes, as for any turn.
    expect(k.providers.asr.finals).toBe(1);
    expect((await k.stored())[0]).toMatchObject({ userText: 'what time is it' });
  });

  it('tells and keeps the settled words as the recogniser writes them, the answer unchanged', async () => {
    // One reading says the words plainly, the settled one writes them (Moonshine's casing and
    // punctuation): the same words, so the answer started at the pause stands.
    const k = await saying('what time is it', 'What time is it?');
    k.pauses(1).ends(1);
    await completes(k, { started: 1, promoted: 1, dropped: 0 });
    expect(k.providers.llm.requests).toBe(1);
    expect(k.link.messages('transcript.final').map((m) => m.text)).toEqual(['What time is it?']);
    expect((await k.stored())[0]).toMatchObject({ userText: 'What time is it?' });
  });

  it('answers at once the settled words of the pause when they differ from what the answer heard', async () => {
    const k = await saying('tell me a job', 'tell me a joke', true);
    // The recogniser's closed reading comes after the end of the utterance.
    k.pauses(1).ends(1);
    await expect.poll(() => k.link.replySamples(1)).toBeGreaterThan(0);
    expect(k.providers.asr.finals).toBe(0);
    expect(k.link.messages('transcript.final').map((m) => m.text)).toEqual(['tell me a joke']);
    expect(asked(k)).toBe('tell me a joke');
    k.providers.asr.releaseFinals();
    await completes(k, { started: 1, promoted: 0, dropped: 1 });
  });

  it('stands when the final transcript says otherwise: the words answered are the turn’s', async () => {
    const k = await saying('what time is it', 'what time is it');
    k.pauses(1);
    await expect.poll(() => k.providers.tts.requests).toBe(1);
    // The decoder's final pass reads the end differently.
    k.providers.asr.transcript = 'what time is it now';
    k.ends(1);
    await completes(k);
    expect(k.providers.llm.requests).toBe(1);
    expect(k.link.messages('transcript.final').map((m) => m.text)).toEqual(['what time is it']);
    expect((await k.stored())[0]).toMatchObject({ userText: 'what time is it' });
  });

  it('a second recogniser’s final settles the words too', async () => {
    const k = await kit();
    k.providers.asr.transcript = 'book a table for two';
    k.speaks(1, 6);
    // The utterance's own recogniser is slow to finish; the speculation's is not held.
    k.providers.asr.holdFinals();
    k.pauses(1).ends(1);
    await expect.poll(() => k.link.replySamples(1)).toBeGreaterThan(0);
    expect(k.observer.speculations.promoted).toBe(1);
    k.providers.asr.releaseFinals();
    await completes(k);
  });
});

describe('the readings of a pause, for the client’s end of turn', () => {
  it('sends the closed segment when it says other words than the running hypothesis', async () => {
    const k = await saying('what are the opening hours of the', 'what are the opening hours of it');
    k.pauses(1);
    await expect
      .poll(() => readings(k))
      .toEqual([
        'hypothesis: what are the opening hours of the',
        'closed: what are the opening hours of it',
      ]);
  });

  it('sends the running hypothesis of a standing pause again each time it changes', async () => {
    const k = await kit();
    k.providers.asr.hypothesis = 'what is the capital';
    k.speaks(1, 6).pauses(1);
    // The audio goes on (silence) and the recogniser adds a short word it heard late.
    k.providers.asr.hypothesis = 'what is the capital of';
    k.more(1, 2);
    expect(readings(k)).toEqual([
      'hypothesis: what is the capital',
      'hypothesis: what is the capital of',
    ]);
    // Speech resumed: the pause no longer stands, nothing more is sent for it.
    k.session.handle({ type: 'utterance.resume', turnId: 1 });
    k.providers.asr.hypothesis = 'what is the capital of spain';
    k.more(1, 2);
    expect(readings(k)).toHaveLength(2);
  });

  it('sends a segment the recogniser closes after the snapshot stopped waiting, once', async () => {
    const k = await saying('what time is a', '');
    // The snapshot's wait runs out before the recogniser closes its segment (a busy decoder).
    k.providers.asr.settledSnapshots = false;
    k.pauses(1);
    await settle();
    expect(readings(k)).toEqual(['hypothesis: what time is a']);
    k.providers.asr.closeSegment('what time is it');
    k.providers.asr.closeSegment('what time is it');
    expect(readings(k)).toEqual(['hypothesis: what time is a', 'closed: what time is it']);
    k.providers.asr.transcript = 'what time is it';
    k.ends(1);
    await completes(k);
    expect(asked(k)).toBe('what time is it');
  });
});

describe('an answer on words that may still change', () => {
  it('waits for the final transcript (a hypothesis the decoder has not closed)', async () => {
    const k = await saying('what time is it', 'what time is it', true);
    k.providers.asr.settledSnapshots = false;
    k.pauses(1).ends(1);
    // The held answer is ready: its first sentence synthesised.
    await expect.poll(() => k.providers.tts.requests).toBe(1);
    await settle();
    expect(k.link.replySamples(1)).toBe(0);
    expect(k.link.messages('transcript.final')).toEqual([]);
    k.providers.asr.releaseFinals();
    await completes(k, { started: 1, promoted: 1, dropped: 0 });
    expect(k.link.replySamples(1)).toBeGreaterThan(0);
  });

  it('is dropped when the user goes on after the pause, even with settled words', async () => {
    const k = await saying('book a table', 'book a table');
    k.pauses(1);
    await expect.poll(() => k.providers.tts.requests).toBe(1);
    k.providers.asr.transcript = 'book a table for two';
    k.session.handle({ type: 'utterance.resume', turnId: 1 });
    k.more(1, 4).ends(1);
    await completes(k, { started: 1, promoted: 0, dropped: 1 });
    expect(k.link.messages('transcript.final').map((m) => m.text)).toEqual([
      'book a table for two',
    ]);
  });
});
