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

/** A pause after `words` (none: no words came), in `voice` if heard: when the turn ends. */
function endsAfter(turn: EndOfTurn, words: string | null, voice?: PauseProsody): number | null {
  turn.pauseStarted(0);
  if (voice) turn.voice(voice);
  if (words !== null) turn.words(words, true);
  for (let t = 0; t <= 3_000; t += 32) if (turn.check(t)) return t;
  return null;
}

const inLanguage = (language?: string) =>
  new EndOfTurn({ eagerness: 'balanced', ...(language ? { language } : {}) });

describe('EndOfTurn in the conversation’s language', () => {
  it('waits after Dutch words that go on and answers Dutch ones that are finished', () => {
    const paused = inLanguage('nl');
    expect(endsAfter(paused, 'ik wil een tafel reserveren voor')).toBe(1_216);
    expect(paused.current.reason).toBe("trailing preposition 'voor'");
    const finished = inLanguage('nl-BE');
    expect(endsAfter(finished, 'hoe laat is het')).toBe(256);
    expect(finished.current.reason).toBe('complete question');
    // A command closed by its particle is finished in Dutch.
    expect(endsAfter(inLanguage('nl'), 'doe het licht uit')).toBe(256);
  });

  it('reads English when no language is given, and Dutch words then as English', () => {
    expect(endsAfter(inLanguage(), 'book a table for')).toBe(1_216);
    // "voor" is no English word: the English table finds nothing owed.
    expect(endsAfter(inLanguage(), 'ik wil een tafel reserveren voor')).toBe(256);
  });

  it('switches tables when the language changes', () => {
    const turn = inLanguage('en');
    turn.setLanguage('nl-NL');
    expect(turn.language).toBe('nl-NL');
    expect(endsAfter(turn, 'ik wil een tafel reserveren voor')).toBe(1_216);
  });

  it('falls back to the voice and the silence in a language without a table, and says so', () => {
    const words = inLanguage('de');
    expect(endsAfter(words, 'ich möchte einen Tisch für')).toBe(512);
    expect(words.current).toEqual({
      waitMs: 500,
      kind: 'unknown',
      reason: "no turn words for 'de': voice and silence decide",
    });
    // No words came at all: the same reason, not "no words yet".
    const none = inLanguage('de');
    expect(endsAfter(none, null)).toBe(512);
    expect(none.current.reason).toBe("no turn words for 'de': voice and silence decide");
    // The voice decides: one that goes on holds the turn as words that go on would.
    const held = inLanguage('de');
    expect(endsAfter(held, 'ich möchte einen Tisch für', goingOn)).toBe(1_216);
    expect(held.current.reason).toBe(
      "no turn words for 'de': voice and silence decide; voice goes on (level pitch, short last syllable)",
    );
    expect(endsAfter(inLanguage('de'), 'wie spät ist es', ending)).toBe(512);
  });
});
