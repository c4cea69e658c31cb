import { describe, expect, it } from 'vitest';
import { Reframer, type Frame } from './reframer.ts';

/** A ramp so every sample identifies its stream index. */
function ramp(first: number, count: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => first + i);
}

function feedQuanta(r: Reframer, quanta: number, quantumSamples = 128, firstSample = 0): Frame[] {
  const out: Frame[] = [];
  for (let q = 0; q < quanta; q++) {
    const start = firstSample + q * quantumSamples;
    out.push(...r.push(ramp(start, quantumSamples), start));
  }
  return out;
}

describe('Reframer', () => {
  it('turns 128-sample render quanta into 20 ms blocks at 44.1 kHz (882 samples)', () => {
    const r = new Reframer({ frameSamples: 882 });
    const frames = feedQuanta(r, 100, 128, 5_000);
    // 100 × 128 = 12,800 samples = 14 blocks of 882 + 452 left over.
    expect(frames).toHaveLength(14);
    expect(r.bufferedSamples).toBe(12_800 - 14 * 882);
    frames.forEach((f, i) => {
      expect(f.samples).toHaveLength(882);
      expect(f.firstSample).toBe(5_000 + i * 882);
      // Contents are the stream itself, in order.
      expect(f.samples[0]).toBe(5_000 + i * 882);
      expect(f.samples[881]).toBe(5_000 + i * 882 + 881);
    });
    expect(r.nextSample).toBe(5_000 + 12_800);
  });

  it('hands out a distinct buffer per frame (safe to transfer)', () => {
    const r = new Reframer({ frameSamples: 4 });
    const frames = r.push(ramp(0, 12), 0);
    const buffers = new Set(frames.map((f) => f.samples.buffer));
    expect(buffers.size).toBe(3);
    expect(Array.from(frames[2]?.samples ?? [])).toEqual([8, 9, 10, 11]);
  });

  it('splits one large push into many frames, keeping the remainder', () => {
    const r = new Reframer({ frameSamples: 512 });
    const frames = r.push(ramp(0, 1600), 0);
    expect(frames.map((f) => f.firstSample)).toEqual([0, 512, 1024]);
    expect(r.bufferedSamples).toBe(1600 - 1536);
    const next = r.push(ramp(1600, 1600), 1600);
    expect(next.map((f) => f.firstSample)).toEqual([1536, 2048, 2560]);
    expect(next[0]?.samples[0]).toBe(1536);
  });

  it('emits the partial frame short on a gap and restarts at the new position', () => {
    const r = new Reframer({ frameSamples: 10 });
    expect(r.push(ramp(0, 7), 0)).toEqual([]);
    const frames = r.push(ramp(100, 10), 100);
    expect(frames.map((f) => [f.firstSample, f.samples.length])).toEqual([
      [0, 7],
      [100, 10],
    ]);
    expect(r.gaps).toBe(1);
  });

  it('drops the partial frame on a gap when asked to', () => {
    const r = new Reframer({ frameSamples: 10, onGap: 'drop' });
    r.push(ramp(0, 7), 0);
    const frames = r.push(ramp(50, 12), 50);
    expect(frames.map((f) => f.firstSample)).toEqual([50]);
    expect(r.bufferedSamples).toBe(2);
    expect(r.nextSample).toBe(62);
  });

  it('flushes a short final frame and resets', () => {
    const r = new Reframer({ frameSamples: 10 });
    r.push(ramp(0, 13), 0);
    const last = r.flush();
    expect(last?.firstSample).toBe(10);
    expect(Array.from(last?.samples ?? [])).toEqual([10, 11, 12]);
    expect(r.flush()).toBeNull();
    r.reset();
    expect(r.nextSample).toBeNull();
    expect(r.push(ramp(0, 10), 0).map((f) => f.firstSample)).toEqual([0]);
  });

  it('rejects a nonsensical frame size', () => {
    expect(() => new Reframer({ frameSamples: 0 })).toThrow(RangeError);
    expect(() => new Reframer({ frameSamples: 1.5 })).toThrow(RangeError);
  });
});
