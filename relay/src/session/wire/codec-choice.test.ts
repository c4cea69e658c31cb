import { describe, expect, it } from 'vitest';
import { chooseCodecs, PCM16_BOTH_WAYS, replyRateHz } from './codec-choice.ts';

const on = { enabled: true, replyBitrate: 24_000 };

describe('chooseCodecs', () => {
  it('gives a client that offers nothing PCM16 both ways, as before codecs existed', () => {
    expect(chooseCodecs(undefined, on)).toEqual(PCM16_BOTH_WAYS);
  });

  it('picks Opus each way the client can use it', () => {
    expect(chooseCodecs({ up: ['opus', 'pcm16'], down: ['opus', 'pcm16'] }, on)).toEqual({
      up: 'opus',
      down: 'opus',
      downBitrate: 24_000,
    });
    // A browser that can decode Opus but not encode it (no AudioEncoder).
    expect(chooseCodecs({ up: ['pcm16'], down: ['opus', 'pcm16'] }, on)).toEqual({
      up: 'pcm16',
      down: 'opus',
      downBitrate: 24_000,
    });
    expect(chooseCodecs({ up: ['opus'], down: ['pcm16'] }, on)).toEqual({
      up: 'opus',
      down: 'pcm16',
    });
  });

  it('keeps PCM16 when the operator turned Opus off', () => {
    expect(chooseCodecs({ up: ['opus'], down: ['opus'] }, { ...on, enabled: false })).toEqual(
      PCM16_BOTH_WAYS,
    );
  });
});

describe('replyRateHz', () => {
  it('sends Opus at the lowest Opus rate that keeps the audio, PCM16 at the rate asked', () => {
    const opus = chooseCodecs({ up: ['pcm16'], down: ['opus'] }, on);
    expect(replyRateHz(16_000, opus)).toBe(16_000);
    expect(replyRateHz(22_050, opus)).toBe(24_000);
    expect(replyRateHz(44_100, opus)).toBe(48_000);
    expect(replyRateHz(22_050, PCM16_BOTH_WAYS)).toBe(22_050);
  });
});
