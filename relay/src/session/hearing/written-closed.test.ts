import { describe, expect, it } from 'vitest';
import { pausePartial as partial, sessionKits } from '../session.test-kit.ts';

const kit = sessionKits();

/**
 * Turn 1 spoken up to a pause, with a recogniser that cuts (the listener: `hypothesis` at the
 * pause, `transcript` its closed reading, held until the test releases it) and another that
 * writes the words of its cuts (the default: PocketSphinx listens, Moonshine writes).
 */
async function writtenToAPause(hypothesis: string, transcript: string) {
  const k = await kit();
  Object.assign(k.providers.asr, { snapshots: true, cutSnapshots: true, cutsWritten: true });
  Object.assign(k.providers.asr, { hypothesis, transcript });
  k.providers.asr.holdSnapshots();
  k.speaks(1, 6).pauses(1);
  return k;
}

describe("a pause's closed reading, with a writer beside the listener (issue 61)", () => {
  it.each([
    ['the same words as the hypothesis', 'what time is it', 'What time is it?'],
    ["other words, ending on the hypothesis's last word", 'road hamlet', 'Who wrote Hamlet?'],
  ])(
    "is the writer's words where they say %s, before the listener's final pass",
    async (_, hypothesis, written) => {
      const k = await writtenToAPause(hypothesis, hypothesis);
      const atPause = () => k.link.messages('transcript.partial').filter((m) => m.pauseSeq === 5);
      await expect.poll(atPause).toEqual([partial(hypothesis, 5, { closedFollows: true })]);
      k.providers.asr.written(written);
      await expect
        .poll(atPause)
        .toEqual([
          partial(hypothesis, 5, { closedFollows: true }),
          partial(written, 5, { reading: 'closed' }),
        ]);
      // The listener's reading is not told after it.
      k.providers.asr.releaseSnapshots();
      k.ends(1);
      expect((await k.turnDone(1)).status).toBe('completed');
      expect(atPause()).toHaveLength(2);
    },
  );

  it("is the listener's where the writer ends on another word than the hypothesis", async () => {
    const k = await writtenToAPause('book a flight', 'book a flight to');
    const atPause = () => k.link.messages('transcript.partial').filter((m) => m.pauseSeq === 5);
    await expect.poll(atPause).toEqual([partial('book a flight', 5, { closedFollows: true })]);
    k.providers.asr.written('Book a flight to.');
    await k.session.idle();
    expect(atPause()).toHaveLength(1);
    k.providers.asr.releaseSnapshots();
    await expect
      .poll(atPause)
      .toEqual([
        partial('book a flight', 5, { closedFollows: true }),
        partial('book a flight to', 5, { reading: 'closed' }),
      ]);
    k.ends(1);
    expect((await k.turnDone(1)).status).toBe('completed');
  });
});
