import { describe, expect, it } from 'vitest';
import { noise as audio } from './noise.test-kit.ts';
import { silenceAfter } from './silence-after.ts';

describe('silenceAfter', () => {
  it('measures the silence from a point in it to the next loud sound', () => {
    // Speech, 600 ms of quiet room noise, speech again; measured from 100 ms into the quiet.
    const pcm = audio([500, 0.3], [600, 0.002], [400, 0.3]);
    expect(silenceAfter(pcm, 600 * 16)).toBe(500);
  });

  it('hears speech over a noisy room, and not the noise', () => {
    const pcm = audio([500, 0.3], [300, 0.05], [400, 0.4]);
    expect(silenceAfter(pcm, 550 * 16)).toBe(250);
  });

  it('judges digital silence against a floor, not against nothing', () => {
    // Dither one sample above zero is not speech starting.
    const pcm = audio([500, 0.3], [300, 0], [100, 0.0001], [200, 0.2]);
    expect(silenceAfter(pcm, 550 * 16)).toBe(350);
  });

  it("takes the silence's level from its quietest part, where the last word's tail reaches in", () => {
    // Measured 30 ms after a loud word (it is in the 50 ms before): softer speech still counts.
    const pcm = audio([500, 0.3], [30, 0.002], [400, 0.002], [300, 0.05]);
    expect(silenceAfter(pcm, 530 * 16)).toBe(400);
  });

  it('is null while nothing louder has come', () => {
    expect(silenceAfter(audio([500, 0.3], [400, 0.002]), 600 * 16)).toBeNull();
  });
});
