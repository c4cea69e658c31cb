import { describe, expect, it } from 'vitest';
import { sessionKits } from '../session.test-kit.ts';
import { PauseAnswer } from './pause-answer.ts';
import { asked, completes, cutsAt, settle } from './pause.test-kit.ts';
import type { Speculation } from './speculation.ts';

const kit = sessionKits();

describe("the answer at a pause judges the words in the conversation's language (issue 62)", () => {
  it('waits for the reading on Dutch words that owe more: no model request on "… reserveren voor"', async () => {
    const k = await kit({ language: 'nl' });
    cutsAt(k, 'ik wil een tafel reserveren voor');
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
    await completes(k);
  });

  it('asks the model at once on finished Dutch words: "bedankt", a whole turn in Dutch', async () => {
    const k = await kit({ language: 'nl' });
    cutsAt(k, 'bedankt');
    k.speaks(1, 6).pauses(1);
    // Before the recogniser's reading of the pause: the English table knows no "bedankt".
    await expect.poll(() => k.providers.llm.requests).toBe(1);
    expect(asked(k)).toBe('bedankt');
    k.providers.asr.releaseSnapshots();
    k.ends(1);
    await completes(k);
  });
});

describe('the answer at a pause where one recogniser listens and another writes (issue 61)', () => {
  /** A PauseAnswer whose starts, drops, confirmations and settled words are recorded. */
  function answerWithWriter() {
    const events: string[] = [];
    const answer = new PauseAnswer({
      written: true,
      start: (words, how) => {
        events.push(`start "${words}"${how.settled === true ? ' settled' : ''}`);
        const spec: Pick<Speculation, 'abort' | 'confirm' | 'settle'> = {
          abort: new AbortController(),
          confirm: () => events.push(`confirm "${words}"`),
          settle: (settled) => events.push(`settle "${settled}"`),
        };
        return spec as Speculation;
      },
      drop: (_spec, reason) => events.push(`drop: ${reason}`),
    });
    return { answer, events };
  }

  it("starts again on the writer's other words, not on the listener's: the second start is kept for them", () => {
    const { answer, events } = answerWithWriter();
    answer.begin('set an alarm for seven', true);
    // The listener's closed reading says other words: the end of the turn is judged on them,
    // but the words answered are the writer's, still to come.
    answer.reading('set an alarm four seven', false);
    answer.written('Said in alarm for seven.');
    // The snapshot's words, the writer's again, once both recognisers are done.
    answer.reading('Said in alarm for seven.', true);
    expect(events).toEqual([
      'start "set an alarm for seven"',
      'drop: the written words differ from the hypothesis',
      'start "Said in alarm for seven." settled',
      'confirm "Said in alarm for seven."',
      'settle "Said in alarm for seven."',
    ]);
  });

  it("confirms and settles the answer on the writer's same words as soon as they are read", () => {
    const { answer, events } = answerWithWriter();
    answer.begin('how tall is mount everest', true);
    answer.written('How tall is Mount Everest!');
    expect(events).toEqual([
      'start "how tall is mount everest"',
      'confirm "how tall is mount everest"',
      'settle "How tall is Mount Everest!"',
    ]);
  });
});
