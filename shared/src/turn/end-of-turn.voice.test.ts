import { describe, expect, it } from 'vitest';
import { EndOfTurn } from './end-of-turn.ts';
import type { PauseProsody } from './prosody.ts';

/** A voice that goes on (level, a clipped last syllable) and one that ends (a long fall). */
const goingOn: PauseProsody = { pitch: 'level', moveSt: 0, lastVoicedMs: 60, typicalVoicedMs: 150 };
const ending: PauseProsody = {
  pitch: 'falling',
  moveSt: -4,
  lastVoicedMs: 260,
  typicalVoicedMs: 150,
};

/** A pause at `atMs` after `words` said in `voice`: when the turn ends (32 ms frames). */
function endsAfter(turn: EndOfTurn, words: string, voice: PauseProsody, atMs = 0): number | null {
  turn.pauseStarted(atMs);
  turn.voice(voice);
  turn.words(words, true);
  for (let t = atMs; t <= atMs + 3_000; t += 32) if (turn.check(t)) return t - atMs;
  return null;
}

const balanced = () => new EndOfTurn({ eagerness: 'balanced' });

describe('EndOfTurn and the voice at the pause', () => {
  it('says the voice goes on after complete words, without holding the turn on that alone', () => {
    // "set a timer for" heard as "set a timer far": the words look complete, the voice does not.
    const misheard = balanced();
    expect(endsAfter(misheard, 'set a timer far', goingOn)).toBe(256);
    expect(misheard.current.reason).toBe(
      'complete statement; voice goes on (level pitch, short last syllable)',
    );
    const finished = balanced();
    expect(endsAfter(finished, 'set a timer for ten minutes', ending)).toBe(256);
    expect(finished.current.reason).toBe(
      'complete statement; pitch falling 4.0 st, long last syllable',
    );
  });

  it('lets the voice decide where the words do not: one word, or none yet', () => {
    const one = balanced();
    expect(endsAfter(one, 'settle', goingOn)).toBe(1_216);
    expect(one.current.reason).toBe(
      "one word 'settle'; voice goes on (level pitch, short last syllable)",
    );
    expect(endsAfter(balanced(), 'settle', ending)).toBe(512);
  });

  it('never makes words that go on wait less, nor a pause with no voice heard differ', () => {
    expect(endsAfter(balanced(), 'book a table for', ending)).toBe(1_216);
    const unheard = balanced();
    unheard.pauseStarted(0);
    unheard.words('what time is it', true);
    expect(unheard.current).toEqual({ waitMs: 250, kind: 'complete', reason: 'complete question' });
  });

  it('forgets the voice at the next pause', () => {
    const turn = balanced();
    turn.pauseStarted(0);
    turn.voice(goingOn);
    turn.speechResumed(300);
    turn.pauseStarted(1_000);
    turn.words('meet me at the station', true);
    expect(turn.current.waitMs).toBe(250);
  });

  it("learns the user's pauses where the voice goes on, apart from after finished sentences", () => {
    const turn = balanced();
    for (const at of [0, 5_000, 10_000]) {
      turn.pauseStarted(at);
      turn.voice(goingOn);
      turn.words('it is plenty', true);
      turn.speechResumed(at + 900);
    }
    expect(endsAfter(turn, 'it is plenty', goingOn, 20_000)).toBe(1_056);
    expect(turn.current.reason).toMatch(/voice goes on .*; you pause ~900 ms$/);
    // A finished statement is not kept waiting by those pauses.
    expect(endsAfter(turn, 'it is twenty five past nine', ending, 30_000)).toBe(256);
  });

  it('learns a premature end at a voice that went on when the user speaks again', () => {
    const turn = balanced();
    for (const at of [0, 5_000, 10_000]) {
      expect(endsAfter(turn, 'the meeting is on monday', goingOn, at)).toBe(256);
      turn.reset();
      turn.spokeAgain(at + 1_100);
    }
    expect(endsAfter(turn, 'the meeting is on monday', goingOn, 20_000)).toBe(1_280);
    // Finished sentences in a voice that ends are not kept waiting by those pauses.
    expect(endsAfter(turn, 'the meeting is on monday at noon', ending, 30_000)).toBe(256);
  });
});
