import { describe, expect, it } from 'vitest';
import { StreamTimeline, chunkSeqOfSample } from './stream-timeline.ts';

describe('chunkSeqOfSample', () => {
  it('maps 16 kHz sample indices to 100 ms chunk numbers', () => {
    expect(chunkSeqOfSample(0)).toBe(0);
    expect(chunkSeqOfSample(1_599)).toBe(0);
    expect(chunkSeqOfSample(1_600)).toBe(1);
    expect(chunkSeqOfSample(16_000)).toBe(10);
    expect(chunkSeqOfSample(3_200, 1_600, 42)).toBe(44);
    expect(chunkSeqOfSample(-5)).toBe(0);
  });
});

describe('StreamTimeline', () => {
  it('interpolates from the nearest preceding anchor', () => {
    const t = new StreamTimeline();
    expect(t.epochMsOf(0)).toBeNaN();
    t.add(0, 10_000);
    t.add(320, 10_021); // 1 ms of jitter against the nominal 20 ms
    t.add(640, 10_040);
    expect(t.epochMsOf(0)).toBe(10_000);
    expect(t.epochMsOf(160)).toBe(10_010);
    expect(t.epochMsOf(480)).toBe(10_031);
    expect(t.epochMsOf(16_640)).toBe(11_040);
  });

  it('extrapolates backwards from the oldest anchor and forgets old ones', () => {
    const t = new StreamTimeline({ maxAnchors: 2 });
    t.add(0, 0);
    t.add(320, 20);
    t.add(640, 40);
    expect(t.epochMsOf(0)).toBe(0); // from the anchor at 320: 20 − 20
    t.add(640, 99); // not increasing: ignored
    expect(t.epochMsOf(640)).toBe(40);
  });
});
