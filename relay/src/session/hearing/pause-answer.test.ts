import { describe, expect, it } from 'vitest';
import { sessionKits, type SessionKit } from '../session.test-kit.ts';

const kit = sessionKits();

/**
 * The recogniser's running hypothesis at a pause is `hypothesis`; its reading of the audio up to
 * the pause (held until the test releases it) and its final transcript are the same words.
 */
function pausesOn(k: SessionKit, hypothesis: string): void {
  k.providers.asr.snapshots = true;
  k.providers.asr.cutSnapshots = true;
  k.providers.asr.hypothesis = hypothesis;
  k.providers.asr.transcript = hypothesis;
  k.providers.asr.holdSnapshots();
}

/** Lets every callback queued so far run (the fakes answer at once). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("the answer at a pause judges the words in the conversation's language (issue 62)", () => {
  it('waits for the reading on Dutch words that owe more: no model request on "… reserveren voor"', async () => {
    const k = await kit({ language: 'nl' });
    pausesOn(k, 'ik wil een tafel reserveren voor');
    k.speaks(1, 6).pauses(1);
    await expect
      .poll(() => k.link.messages('transcript.partial').filter((m) => m.pauseSeq === 5).length)
      .toBe(1);
    await settle();
    // Judged by the English table, "voor" is no word that owes more: the model was asked.
    expect(k.providers.llm.requests).toBe(0);
    k.providers.asr.releaseSnapshots();
    // The closed reading starts it (as the end of the turn waits for that reading).
    await expect.poll(() => k.providers.llm.requests).toBe(1);
    k.ends(1);
    expect((await k.turnDone(1)).status).toBe('completed');
  });

  it('asks the model at once on finished Dutch words: "bedankt", a whole turn in Dutch', async () => {
    const k = await kit({ language: 'nl' });
    pausesOn(k, 'bedankt');
    k.speaks(1, 6).pauses(1);
    // Before the recogniser's reading of the pause: the English table knows no "bedankt".
    await expect.poll(() => k.providers.llm.requests).toBe(1);
    expect(k.providers.llm.lastMessages.at(-1)?.content).toBe('bedankt');
    k.providers.asr.releaseSnapshots();
    k.ends(1);
    expect((await k.turnDone(1)).status).toBe('completed');
  });
});
