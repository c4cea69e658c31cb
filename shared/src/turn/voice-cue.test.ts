import { describe, expect, it } from 'vitest';
import type { PauseProsody } from './prosody.ts';
import { voiceCue, VoiceHabits } from './voice-cue.ts';

const heard = (over: Partial<PauseProsody>): PauseProsody => ({
  pitch: 'level',
  moveSt: 0,
  lastVoicedMs: 60,
  typicalVoicedMs: 150,
  ...over,
});

describe('voiceCue', () => {
  it('says the voice goes on only when the pitch does not fall and the last syllable is short', () => {
    expect(voiceCue(heard({}), null)).toEqual({
      goesOn: true,
      reason: 'level pitch, short last syllable',
    });
    expect(voiceCue(heard({ pitch: 'rising', moveSt: 2.5 }), null)).toMatchObject({
      goesOn: true,
      reason: 'pitch rising 2.5 st, short last syllable',
    });
    // A fall ends a statement whatever the syllable; a long or even one is no clipped word.
    expect(voiceCue(heard({ pitch: 'falling', moveSt: -3 }), null)?.goesOn).toBe(false);
    expect(voiceCue(heard({ lastVoicedMs: 150 }), null)).toEqual({
      goesOn: false,
      reason: 'level pitch, even last syllable',
    });
    expect(voiceCue(heard({ lastVoicedMs: 300 }), null)?.reason).toBe(
      'level pitch, long last syllable',
    );
    expect(voiceCue(heard({ pitch: 'unknown', lastVoicedMs: null }), null)).toBeNull();
    // With nothing to measure against, a last syllable under 100 ms is clipped at any rate.
    expect(voiceCue(heard({ typicalVoicedMs: null }), null)?.goesOn).toBe(true);
    expect(voiceCue(heard({ lastVoicedMs: 140, typicalVoicedMs: null }), null)?.goesOn).toBe(false);
    // A voice heard only in fragments (its stretches typically under 70 ms) says nothing.
    expect(voiceCue(heard({ lastVoicedMs: 40, typicalVoicedMs: 50 }), null)).toBeNull();
  });

  it("measures the last syllable against the user's usual one when it is known", () => {
    // 130 ms is even beside this utterance's 160 ms, but short for a slow speaker's 250 ms.
    const p = heard({ lastVoicedMs: 130, typicalVoicedMs: 160 });
    expect(voiceCue(p, null)?.goesOn).toBe(false);
    expect(voiceCue(p, 250)?.goesOn).toBe(true);
  });
});

describe('VoiceHabits', () => {
  it('is the median of the stretches heard, once two pauses were heard', () => {
    const habits = new VoiceHabits();
    habits.heard(heard({ typicalVoicedMs: 100 }));
    expect(habits.usualVoicedMs()).toBeNull();
    habits.heard(heard({ typicalVoicedMs: null }));
    expect(habits.usualVoicedMs()).toBeNull();
    habits.heard(heard({ typicalVoicedMs: 200 }));
    habits.heard(heard({ typicalVoicedMs: 140 }));
    expect(habits.usualVoicedMs()).toBe(140);
  });
});
