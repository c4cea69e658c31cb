import { describe, expect, it } from 'vitest';
import { Pcm16Decoder } from './pcm-bytes.ts';

const le = (...samples: number[]) => {
  const b = new Uint8Array(samples.length * 2);
  const v = new DataView(b.buffer);
  samples.forEach((s, i) => v.setInt16(i * 2, s, true));
  return b;
};

describe('Pcm16Decoder', () => {
  it('decodes little-endian samples, including negative ones', () => {
    expect([...new Pcm16Decoder().push(le(1, -1, 32767, -32768))]).toEqual([1, -1, 32767, -32768]);
  });

  it('carries a sample split across chunks', () => {
    const bytes = le(1000, -2000, 3000);
    const d = new Pcm16Decoder();
    const a = d.push(bytes.subarray(0, 3));
    expect(d.pending).toBe(true);
    const b = d.push(bytes.subarray(3, 5));
    const c = d.push(bytes.subarray(5));
    expect([...a, ...b, ...c]).toEqual([1000, -2000, 3000]);
    expect(d.pending).toBe(false);
  });

  it('survives one byte at a time', () => {
    const bytes = le(-5, 7, 12345);
    const d = new Pcm16Decoder();
    const out: number[] = [];
    for (const byte of bytes) out.push(...d.push(Uint8Array.of(byte)));
    expect(out).toEqual([-5, 7, 12345]);
  });
});
