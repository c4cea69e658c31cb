import { audioFrameSamples, FRAME_HEADER_BYTES } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { ReplyFramer } from './reply-framer.ts';

const ramp = (n: number, from = 0) => Int16Array.from({ length: n }, (_, i) => (from + i) % 30_000);
const lengths = (frames: Int16Array[]) => frames.map((f) => f.length);

describe('ReplyFramer', () => {
  it('sends what it has at once, in frames of at most 100 ms', () => {
    const f = new ReplyFramer({ inputRateHz: 16_000, outputRateHz: 16_000 });
    expect(lengths(f.push(ramp(4000)))).toEqual([1600, 1600, 800]);
  });

  it('holds back less than 20 ms until more comes or the segment ends', () => {
    const f = new ReplyFramer({ inputRateHz: 16_000, outputRateHz: 16_000 });
    expect(f.push(ramp(100))).toEqual([]);
    expect(lengths(f.push(ramp(300, 100)))).toEqual([400]);
    expect(f.push(ramp(50, 400))).toEqual([]);
    const last = f.end();
    expect(lengths(last)).toEqual([50]);
    expect(last[0]?.[0]).toBe(400); // nothing lost or reordered
  });

  it('keeps every sample in order without resampling', () => {
    const f = new ReplyFramer({ inputRateHz: 16_000, outputRateHz: 16_000 });
    const out = [...f.push(ramp(1234)), ...f.push(ramp(3000, 1234)), ...f.end()];
    const joined = out.flatMap((x) => [...x]);
    expect(joined).toEqual([...ramp(4234)]);
  });

  it('keeps order across blocks larger than its buffer, and frames it returned stay intact', () => {
    const f = new ReplyFramer({ inputRateHz: 48_000, outputRateHz: 48_000 });
    const first = f.push(ramp(10_000));
    const copy = first.map((x) => x.slice());
    const out = [...first, ...f.push(ramp(20_001, 10_000)), ...f.end()];
    expect(first).toEqual(copy);
    expect(out.flatMap((x) => [...x])).toEqual([...ramp(30_001)]);
  });

  it('frames into the arrays its allocator makes', () => {
    const made: Int16Array[] = [];
    const f = new ReplyFramer({
      inputRateHz: 16_000,
      outputRateHz: 16_000,
      allocate: (n) => {
        const a = audioFrameSamples(n);
        made.push(a);
        return a;
      },
    });
    const out = [...f.push(ramp(2000)), ...f.end()];
    expect(out).toEqual(made);
    expect(out.every((x) => x.byteOffset === FRAME_HEADER_BYTES)).toBe(true);
    expect(out.flatMap((x) => [...x])).toEqual([...ramp(2000)]);
  });

  it('resamples 24 kHz to 16 kHz: two thirds of the samples, the first ones without delay', () => {
    const f = new ReplyFramer({ inputRateHz: 24_000, outputRateHz: 16_000 });
    const first = f.push(new Int16Array(2400).fill(1000)); // 100 ms in
    expect(first.length).toBeGreaterThan(0);
    const total = [...first, ...f.end()].reduce((n, x) => n + x.length, 0);
    expect(Math.abs(total - 1600)).toBeLessThanOrEqual(2);
  });
});
