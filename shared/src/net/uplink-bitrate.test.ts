import { describe, expect, it } from 'vitest';
import { RECOVER_AFTER_MS, STEP_DOWN_EVERY_MS, UplinkBitrate } from './uplink-bitrate.ts';

describe('UplinkBitrate', () => {
  it('starts at 24 kbit/s and stays there on a link that keeps up', () => {
    const b = new UplinkBitrate();
    for (let t = 0; t < 60_000; t += 1000)
      expect(b.observe({ atMs: t, bufferedBytes: 200, rttMs: 80 })).toBe(24_000);
    expect(b.reason).toBe('start');
  });

  it('steps down one rung per backlog seen twice in a row, no faster than every two seconds, to 12 kbit/s', () => {
    const b = new UplinkBitrate();
    const behind = (atMs: number) => b.observe({ atMs, bufferedBytes: 5_000, rttMs: 80 });
    // One look: maybe a burst on its way out.
    expect(behind(0)).toBe(24_000);
    expect(b.observe({ atMs: 1_000, bufferedBytes: 0 })).toBe(24_000);
    expect(behind(2_000)).toBe(24_000);
    expect(behind(3_000)).toBe(16_000);
    expect(b.reason).toBe('backlog');
    expect(behind(4_000)).toBe(16_000);
    expect(behind(3_000 + STEP_DOWN_EVERY_MS)).toBe(12_000);
    expect(behind(10_000)).toBe(12_000);
  });

  it('takes two round trips in a row grown threefold past 600 ms as a queue in the network', () => {
    const b = new UplinkBitrate();
    b.observe({ atMs: 0, bufferedBytes: 0, rttMs: 150 });
    expect(b.observe({ atMs: 1_000, bufferedBytes: 0, rttMs: 400 })).toBe(24_000);
    expect(b.observe({ atMs: 2_000, bufferedBytes: 0, rttMs: 700 })).toBe(24_000);
    expect(b.observe({ atMs: 3_000, bufferedBytes: 0, rttMs: 900 })).toBe(16_000);
    expect(b.reason).toBe('slow round trips');
  });

  it('one slow round trip (the page busy for a moment) is not trouble', () => {
    const b = new UplinkBitrate();
    b.observe({ atMs: 0, bufferedBytes: 0, rttMs: 100 });
    expect(b.observe({ atMs: 1_000, bufferedBytes: 0, rttMs: 3_000 })).toBe(24_000);
    expect(b.observe({ atMs: 2_000, bufferedBytes: 0 })).toBe(24_000);
    expect(b.observe({ atMs: 3_000, bufferedBytes: 0, rttMs: 90 })).toBe(24_000);
    expect(b.observe({ atMs: 4_000, bufferedBytes: 0, rttMs: 2_000 })).toBe(24_000);
  });

  it('steps back up after ten calm seconds, one rung at a time', () => {
    const b = new UplinkBitrate();
    for (const atMs of [-1_000, 0, 1_000, 2_000]) b.observe({ atMs, bufferedBytes: 9_000 });
    expect(b.bitrate).toBe(12_000);
    const calm = (atMs: number) => b.observe({ atMs, bufferedBytes: 0 });
    expect(calm(2_000 + RECOVER_AFTER_MS - 1)).toBe(12_000);
    expect(calm(2_000 + RECOVER_AFTER_MS)).toBe(16_000);
    expect(b.reason).toBe('link recovered');
    expect(calm(2_000 + RECOVER_AFTER_MS + 5_000)).toBe(16_000);
    expect(calm(2_000 + 2 * RECOVER_AFTER_MS)).toBe(24_000);
  });

  it('a backlog that is only the framing of 300 ms is not trouble', () => {
    const b = new UplinkBitrate();
    // 300 ms at 24 kbit/s = 900 bytes, plus three frames' headers.
    expect(b.observe({ atMs: 0, bufferedBytes: 978 })).toBe(24_000);
    expect(b.observe({ atMs: 1_000, bufferedBytes: 978 })).toBe(24_000);
    expect(b.observe({ atMs: 2_000, bufferedBytes: 979 })).toBe(24_000);
    expect(b.observe({ atMs: 3_000, bufferedBytes: 979 })).toBe(16_000);
  });
});
