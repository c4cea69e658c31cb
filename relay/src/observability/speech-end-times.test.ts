import { describe, expect, it } from 'vitest';
import { SpeechEndTimes } from './speech-end-times.ts';

describe('SpeechEndTimes', () => {
  it('pairs playback with the end of speech on the same clock, once', () => {
    const ends = new SpeechEndTimes();
    ends.record(3, 10_000);
    expect(ends.take(3, 11_250)).toBeCloseTo(1.25, 9);
    expect(ends.take(3, 11_500)).toBeNull();
    expect(ends.size).toBe(0);
  });

  it('knows nothing of turns it was not told about (typed turns)', () => {
    expect(new SpeechEndTimes().take(1, 5_000)).toBeNull();
  });

  it('drops impossible times: playback before speech end, or minutes later', () => {
    const ends = new SpeechEndTimes();
    ends.record(1, 10_000);
    ends.record(2, 10_000);
    expect(ends.take(1, 9_999)).toBeNull();
    expect(ends.take(2, 10_000 + 121_000)).toBeNull();
    expect(ends.size).toBe(0);
  });

  it('stays bounded: the oldest turns go first', () => {
    const ends = new SpeechEndTimes(2);
    ends.record(1, 1_000);
    ends.record(2, 2_000);
    ends.record(3, 3_000);
    expect(ends.size).toBe(2);
    expect(ends.take(1, 4_000)).toBeNull();
    expect(ends.take(2, 4_000)).toBe(2);
    expect(ends.take(3, 4_000)).toBe(1);
  });

  it('forgets a turn on request and everything on clear', () => {
    const ends = new SpeechEndTimes();
    ends.record(1, 1_000);
    ends.record(2, 1_000);
    ends.forget(1);
    expect(ends.take(1, 2_000)).toBeNull();
    ends.clear();
    expect(ends.size).toBe(0);
  });
});
