import { describe, expect, it } from 'vitest';
import { AudioPlacement } from './audio-placement.ts';

describe('AudioPlacement', () => {
  it('says how much of an utterance’s audio the decoder has read, past what is no audio of it', () => {
    // 1,000 bytes of the utterance before it, its 3,200 bytes, a cut's pad and mark (512 + 512),
    // then 1,600 more of it.
    const p = new AudioPlacement();
    p.place(1000, 1600);
    p.place(2600, 1600);
    p.place(5224, 1600);
    expect(p.coveredBy(800)).toBe(0);
    expect(p.coveredBy(1000)).toBe(0);
    expect(p.coveredBy(2000)).toBe(1000);
    expect(p.coveredBy(4200)).toBe(3200);
    expect(p.coveredBy(5000)).toBe(3200);
    expect(p.coveredBy(6000)).toBe(3976);
    expect(p.coveredBy(99_000)).toBe(4800);
  });

  it('tells each reach once, and only further ones', () => {
    const p = new AudioPlacement();
    p.place(0, 3200);
    expect(p.advance(1000)).toBe(1000);
    expect(p.advance(1000)).toBeNull();
    expect(p.advance(900)).toBeNull();
    expect(p.advance(5000)).toBe(3200);
    expect(p.advance(6000)).toBeNull();
  });
});
