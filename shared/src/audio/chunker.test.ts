import { describe, expect, it } from 'vitest';
import { Chunker } from './chunker.ts';
import { CHUNK_SAMPLES } from './constants.ts';

describe('Chunker', () => {
  it('reframes 128-sample blocks into numbered 1,600-sample chunks', () => {
    const c = new Chunker();
    const chunks = [];
    for (let i = 0; i < 50; i++) chunks.push(...c.push(new Float32Array(128).fill(0.5)));
    // 50 × 128 = 6,400 samples = 4 chunks exactly.
    expect(chunks.map((x) => x.seq)).toEqual([0, 1, 2, 3]);
    expect(chunks.every((x) => x.samples.length === CHUNK_SAMPLES)).toBe(true);
    expect(chunks[3]?.firstSample).toBe(4800);
    expect(chunks[0]?.samples[0]).toBe(Math.round(0.5 * 0x7fff));
    expect(c.bufferedSamples).toBe(0);
  });

  it('handles one push spanning several chunks and keeps the remainder', () => {
    const c = new Chunker({ firstSeq: 10 });
    const input = new Float32Array(CHUNK_SAMPLES * 2 + 7);
    input[CHUNK_SAMPLES] = 1;
    const out = c.push(input);
    expect(out.map((x) => x.seq)).toEqual([10, 11]);
    expect(out[1]?.samples[0]).toBe(0x7fff);
    expect(c.bufferedSamples).toBe(7);
  });

  it('pads the last partial chunk with silence on flush', () => {
    const c = new Chunker();
    c.push(new Float32Array(100).fill(-1));
    const last = c.flush();
    expect(last?.samples[99]).toBe(-0x8000);
    expect(last?.samples[100]).toBe(0);
    expect(c.flush()).toBeNull();
  });

  it('clamps out-of-range floats', () => {
    const c = new Chunker({ chunkSamples: 2 });
    const [chunk] = c.push(new Float32Array([3, -3]));
    expect(Array.from(chunk?.samples ?? [])).toEqual([0x7fff, -0x8000]);
  });
});
