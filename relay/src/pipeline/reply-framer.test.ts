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

  it('frames whole packets for Opus, and pads a segment’s end to the next one with silence', () => {
    const f = new ReplyFramer({ inputRateHz: 16_000, outputRateHz: 16_000, packetSamples: 320 });
    expect(f.push(ramp(300))).toEqual([]);
    // 4,300 samples: two full frames and one of three packets; 140 wait for more.
    expect(lengths(f.push(ramp(4_000, 300)))).toEqual([1600, 1600, 960]);
    const last = f.end();
    expect(lengths(last)).toEqual([320]);
    expect([...(last[0] ?? [])].slice(0, 140)).toEqual([...ramp(140, 4_160)]);
    expect(last[0]?.subarray(140).every((s) => s === 0)).toBe(true);
    // At 24 kHz a packet is 480 samples: 100 ms frames stay whole packets.
    const g = new ReplyFramer({ inputRateHz: 24_000, outputRateHz: 24_000, packetSamples: 480 });
    expect(lengths([...g.push(ramp(5_000)), ...g.end()])).toEqual([2400, 2400, 480]);
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
