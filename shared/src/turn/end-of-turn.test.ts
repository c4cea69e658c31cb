import { describe, expect, it } from 'vitest';
import { PauseHabits } from './pause-habits.ts';
import { EndOfTurn, endOfTurnWait, type Eagerness, type PauseReading } from './end-of-turn.ts';

/** A pause after `words` (heard up to it), checked every 32 ms VAD frame: when the turn ends. */
function endsAfter(
  turn: EndOfTurn,
  words: string | null,
  { pauseAt = 0, wordsAt = 60 } = {},
): number | null {
  turn.pauseStarted(pauseAt);
  for (let t = pauseAt; t <= pauseAt + 3_000; t += 32) {
    if (words !== null && t >= pauseAt + wordsAt && t - 32 < pauseAt + wordsAt)
      turn.words(words, true);
    if (turn.check(t)) return t - pauseAt;
  }
  return null;
}

const balanced = () => new EndOfTurn({ eagerness: 'balanced' });

describe('EndOfTurn', () => {
  it('answers a complete question after ~250 ms and waits 1.2 s after a trailing word', () => {
    expect(endsAfter(balanced(), 'what time is it')).toBe(256);
    expect(endsAfter(balanced(), 'book a table for')).toBe(1_216);
  });

  // Issue 60 item 16: "yes — no, wait" with a breath between ran the call on the "yes".
  it('waits as after words that go on for a lone yes while a question awaits it', () => {
    const asked = balanced();
    asked.setQuestionOpen(true);
    expect(endsAfter(asked, 'yes')).toBe(1_216);
    expect(asked.current.reason).toBe('a yes to a question: "no, wait" may follow');
    expect(endsAfter(asked, 'yes please')).toBe(1_216);
    // A no, or anything else, ends as it would.
    expect(endsAfter(asked, 'no')).toBe(256);
    expect(endsAfter(asked, 'what time is it')).toBe(256);
    // No question open: a lone yes is a whole turn.
    asked.setQuestionOpen(false);
    expect(endsAfter(asked, 'yes')).toBe(256);
    expect(endsAfter(balanced(), 'yes')).toBe(256);
  });

  it('waits the old fixed 500 ms while no words of the pause have come', () => {
    expect(endsAfter(balanced(), null)).toBe(512);
    // Words that come after the fixed wait find the turn already ended.
    expect(endsAfter(balanced(), 'what time is it', { wordsAt: 700 })).toBe(512);
  });

  it('ends at once when the words come after the short wait has passed', () => {
    expect(endsAfter(balanced(), 'good morning', { wordsAt: 400 })).toBe(416);
  });

  it('uses a partial from while the user spoke only to wait longer, never to end sooner', () => {
    const ending = balanced();
    ending.words('what time is it', false);
    expect(endsAfter(ending, null)).toBe(512);
    const going = balanced();
    going.words('I would like to', false);
    expect(endsAfter(going, null)).toBe(1_216);
    // The words at the pause win over the partial, either way.
    const late = balanced();
    late.words('book a table for', false);
    expect(endsAfter(late, 'book a table for two')).toBe(256);
  });

  it('weighs two readings of a pause: the latest hypothesis, and the closed segment', () => {
    // The hypothesis a word behind, then a newer one: the newer stands.
    const behind = balanced();
    behind.pauseStarted(0);
    behind.words('my name is', true);
    behind.words('my name is john', true);
    expect(behind.current).toEqual({ waitMs: 250, kind: 'complete', reason: 'complete statement' });
    // Where the readings differ, the more patient one stands, either way (see also below).
    const opened = balanced();
    opened.pauseStarted(0);
    opened.words('the meeting his act', true);
    opened.words('the meeting is that', true, 'closed');
    expect(opened.current.reason).toBe("trailing 'is that'");
    const closedEarly = balanced();
    closedEarly.pauseStarted(0);
    closedEarly.words('what are the opening hours of the', true);
    closedEarly.words('what are the opening hours of that', true, 'closed');
    expect(closedEarly.current).toMatchObject({ waitMs: 1_200, kind: 'incomplete' });
    expect(closedEarly.check(1_000)).toBeNull();
    // A new pause starts afresh.
    opened.pauseStarted(2_000);
    opened.words('the meeting is at nine', true);
    expect(opened.current.kind).toBe('complete');
  });

  it('a hypothesis that owes words outweighs a closed segment that does not', () => {
    const t = balanced();
    t.pauseStarted(0);
    t.words('what is the weather like in', true);
    t.words('what is the weather like in it', true, 'closed');
    expect(t.current).toMatchObject({ waitMs: 1_200, kind: 'incomplete' });
    // The hypothesis catches up with the closed words: they agree, and the turn ends.
    t.words('what is the weather like in it', true);
    expect(t.current).toEqual({ waitMs: 250, kind: 'complete', reason: 'complete question' });
  });

  it('doubts complete closed words where a close other reading of them owes words', () => {
    // Issue 52: "it is twenty … five past nine" paused after "twenty", closed as "it is plenty".
    const doubted = balanced();
    doubted.pauseStarted(0);
    doubted.words('it is plenty', true, 'closed', false, [
      { text: 'it is twenty', gap: 173 },
      { text: 'it has plenty', gap: 304 },
    ]);
    expect(doubted.current).toEqual({
      waitMs: 1_200,
      kind: 'incomplete',
      reason: 'complete statement, or "it is twenty" (173 behind)',
    });
    // Far behind, or complete too: the words stand.
    for (const others of [
      [{ text: 'it is twenty', gap: 450 }],
      [{ text: 'it has plenty', gap: 20 }],
      [],
    ]) {
      const t = balanced();
      t.pauseStarted(0);
      t.words('it is plenty', true, 'closed', false, others);
      expect(t.current).toMatchObject({ waitMs: 250, kind: 'complete' });
    }
    // Ranked above the best path by the n-best search (a gap below 0): as close as can be.
    const above = balanced();
    above.pauseStarted(0);
    above.words('set an alarm', true, 'closed', false, [{ text: 'set an alarm for', gap: -40 }]);
    expect(above.current).toMatchObject({ waitMs: 1_200, kind: 'incomplete' });
    // Not by the short last word the running search takes for 'a': the closed reading hears it.
    const question = balanced();
    question.pauseStarted(0);
    question.words('what time is it', true, 'closed', false, [
      { text: 'what time is a', gap: 128 },
    ]);
    expect(question.current).toMatchObject({ waitMs: 250, kind: 'complete' });
    // Only the closed reading is doubted: a hypothesis comes with no others.
    const hypothesis = balanced();
    hypothesis.pauseStarted(0);
    hypothesis.words('it is plenty', true, 'hypothesis', false, [{ text: 'it is twenty', gap: 1 }]);
    expect(hypothesis.current).toMatchObject({ waitMs: 250, kind: 'complete' });
  });

  it('a closed segment that hears out the last word the hypothesis had not ends the turn', () => {
    // Issue 45: "what time is it", suggested on the empty screen, waited 1.2 s.
    const t = balanced();
    t.pauseStarted(0);
    t.words('what time is a', true, 'hypothesis', true);
    expect(t.current).toMatchObject({ waitMs: 1_200, kind: 'incomplete' });
    expect(t.check(256)).toBeNull();
    t.words('what time is it', true, 'closed');
    expect(t.current).toEqual({ waitMs: 250, kind: 'complete', reason: 'complete question' });
    // Its silence already past a complete question's wait: the turn ends at this check.
    expect(t.check(300)).toEqual(t.current);
  });

  it.each<[string, [string, PauseReading?][]]>([
    [
      'half heard at the pause, heard whole before the segment closed, which agrees',
      [['what time is it'], ['what time is it', 'closed']],
    ],
    ['heard whole after the segment closed', [['what time is it', 'closed'], ['what time is it']]],
  ])('%s: the complete reading stands', (_, readings) => {
    const t = balanced();
    t.pauseStarted(0);
    t.words('what time is a', true);
    expect(t.current.kind).toBe('incomplete');
    for (const [text, reading] of readings) t.words(text, true, reading);
    expect(t.current).toEqual({ waitMs: 250, kind: 'complete', reason: 'complete question' });
    expect(t.check(260)).toEqual(t.current);
  });

  it('holds the end for a closed reading said to follow, and decides on it', () => {
    // "book a flight to", heard at the pause as "but for flight": complete, 250 ms — but the
    // recogniser is closing the pause's words, and they come at 300 ms owing one.
    const t = balanced();
    t.pauseStarted(0);
    t.words('but for flight', true, 'hypothesis', true);
    expect(t.check(256)).toBeNull();
    t.words('but the flight to', true, 'closed');
    expect(t.check(320)).toBeNull();
    expect(t.check(1_216)).toMatchObject({ waitMs: 1_200, reason: "trailing preposition 'to'" });
  });

  it('a held end says so: the silence it ended at, after the closed reading or without it', () => {
    const agreed = balanced();
    agreed.pauseStarted(0);
    agreed.words('what time is it', true, 'hypothesis', true);
    expect(agreed.check(256)).toBeNull();
    expect(agreed.check(288)).toBeNull();
    agreed.words('what time is it', true, 'closed');
    expect(agreed.check(320)).toEqual({
      waitMs: 320,
      kind: 'complete',
      reason: 'complete question; waited for the final words',
    });
    // A closed reading that never comes holds the end no longer than words not known would.
    for (const [eagerness, limit] of [
      ['balanced', 500],
      ['eager', 375],
    ] as const) {
      const late = new EndOfTurn({ eagerness });
      late.pauseStarted(0);
      late.words('what time is it', true, 'hypothesis', true);
      expect(late.check(limit - 1)).toBeNull();
      expect(late.check(limit)).toMatchObject({ waitMs: limit, reason: /final words late$/ });
    }
    // Come before the wait is over, it changes nothing; nor does a pause without the promise.
    const early = balanced();
    early.pauseStarted(0);
    early.words('what time is it', true, 'hypothesis', true);
    early.words('what time is it', true, 'closed');
    expect(early.check(256)).toEqual(early.current);
    const plain = balanced();
    plain.pauseStarted(0);
    plain.words('what time is it', true);
    expect(plain.check(256)).toEqual(plain.current);
    // The promise is the pause's: the next pause ends on its own wait.
    agreed.pauseStarted(2_000);
    agreed.words('good morning', true);
    expect(agreed.check(2_256)).toMatchObject({ waitMs: 250 });
  });

  it.each<[Eagerness, number, number]>([
    ['eager', 224, 928],
    ['balanced', 256, 1_216],
    ['patient', 384, 1_824],
  ])('%s: complete after %i ms, incomplete after %i ms', (eagerness, complete, incomplete) => {
    expect(endsAfter(new EndOfTurn({ eagerness }), 'how are you')).toBe(complete);
    expect(endsAfter(new EndOfTurn({ eagerness }), 'I want to')).toBe(incomplete);
  });

  it('learns a user who hesitates longer than the base wait, and says so', () => {
    const turn = balanced();
    for (const pauseMs of [1_300, 1_400, 1_500, 1_350]) {
      turn.pauseStarted(0);
      turn.words('and then the', true);
      turn.speechResumed(pauseMs);
    }
    turn.pauseStarted(10_000);
    turn.words('I went to the', true);
    expect(turn.current.waitMs).toBe(1_650);
    expect(turn.current.reason).toBe("trailing article 'the'; you pause ~1500 ms");
    // A complete question still gets its short wait.
    expect(endsAfter(turn, 'what time is it', { pauseAt: 20_000 })).toBe(256);
  });

  it('learns from turns it ended too soon: the user spoke again within the longest wait', () => {
    const turn = balanced();
    for (const [at, resumeAfter] of [
      [0, 700],
      [10_000, 650],
      [20_000, 2_100], // past the longest wait: a new question, not learnt
      [30_000, 680],
    ] as const) {
      expect(endsAfter(turn, 'it is plenty', { pauseAt: at })).toBe(256);
      turn.reset();
      turn.spokeAgain(at + resumeAfter);
      // Only the next utterance after an end counts, once.
      turn.spokeAgain(at + 100);
    }
    expect(endsAfter(turn, 'it is plenty', { pauseAt: 40_000 })).toBe(608);
    expect(turn.current.reason).toBe('complete statement; you pause ~700 ms');
    // A turn the policy did not end (the speech went on) teaches nothing.
    const other = balanced();
    for (let i = 0; i < 3; i++) {
      other.pauseStarted(i * 10_000);
      other.words('it is plenty', true);
      other.speechResumed(i * 10_000 + 100);
      other.reset();
      other.spokeAgain(i * 10_000 + 600);
    }
    expect(endsAfter(other, 'it is plenty', { pauseAt: 40_000 })).toBe(256);
  });

  it('bounds every wait: a complete sentence never past 600 ms, nothing past 2 s', () => {
    const habits = new PauseHabits();
    for (let i = 0; i < 5; i++) habits.resumed('complete', 1_500);
    for (let i = 0; i < 5; i++) habits.resumed('incomplete', 5_000);
    const opts = { eagerness: 'patient' } as const;
    expect(endOfTurnWait({ kind: 'complete', reason: 'x' }, habits, opts).waitMs).toBe(600);
    expect(endOfTurnWait({ kind: 'incomplete', reason: 'x' }, habits, opts).waitMs).toBe(2_000);
    const eager = { eagerness: 'eager', minWaitMs: 200 } as const;
    expect(endOfTurnWait({ kind: 'complete', reason: 'x' }, new PauseHabits(), eager).waitMs).toBe(
      200,
    );
  });

  it('starts each utterance with no words; a pause ended by speech does not end the turn', () => {
    const turn = balanced();
    turn.pauseStarted(0);
    turn.words('what time is it', true);
    expect(turn.check(100)).toBeNull();
    turn.speechResumed(150);
    expect(turn.check(10_000)).toBeNull();
    turn.reset();
    expect(turn.current.reason).toBe('no words at the pause yet');
  });
});
