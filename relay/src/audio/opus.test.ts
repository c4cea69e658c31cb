import { opusPacketSamples48k } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { opusRateFor, OpusStreamDecoder, OpusStreamEncoder } from './opus.ts';

/** A voiced sound: a 150 Hz buzz with harmonics, swelling and fading (`ms` long at 16 kHz). */
function voiced(ms: number): Int16Array {
  return voicedAt(ms, 150);
}

/** A voiced sound with its pitch at `hz`. */
function voicedAt(ms: number, hz: number): Int16Array {
  const n = (16 * ms) | 0;
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / 16_000;
    const envelope = Math.sin((Math.PI * i) / n);
    let s = 0;
    for (let h = 1; h <= 8; h++) s += Math.sin(2 * Math.PI * hz * h * t) / h;
    out[i] = Math.round(6_000 * envelope * s);
  }
  return out;
}

/** Where the codec's delay may put a decoded sound (samples at 16 kHz, `from` to before `to`). */
interface Lags {
  from: number;
  to: number;
}

/**
 * The encoder's look-ahead (6.5 ms at 16 kHz) and the decoder's delay, as the first test finds
 * them (its lag is checked to lie in here).
 */
const CODEC_DELAY: Lags = { from: 81, to: 120 };

/**
 * How close `b` is to `a` once shifted by the codec's delay: the best correlation over `lags`
 * (by default the first 400, 25 ms).
 */
function bestCorrelation(
  a: Int16Array,
  b: Int16Array,
  lags: Lags = { from: 0, to: 400 },
): { lag: number; r: number } {
  let best = { lag: 0, r: -1 };
  for (let lag = lags.from; lag < lags.to; lag++) {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = 0; i + lag < b.length && i < a.length; i++) {
      const x = a[i] ?? 0;
      const y = b[i + lag] ?? 0;
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    const r = ab / Math.sqrt(aa * bb);
    if (r > best.r) best = { lag, r };
  }
  return best;
}

describe('Opus streams', () => {
  it('encode speech into 20 ms packets at a fraction of its size, and decode it back', () => {
    const enc = new OpusStreamEncoder({ rateHz: 16_000, bitrate: 24_000 });
    const dec = new OpusStreamDecoder(16_000);
    const pcm = voiced(1_000);
    const packets = enc.encode(pcm);
    expect(packets).toHaveLength(50);
    for (const p of packets) expect(opusPacketSamples48k(p)).toBe(960);
    const bytes = packets.reduce((s, p) => s + p.byteLength, 0);
    // ~24 kbit/s against PCM16's 256.
    expect(bytes).toBeLessThan(pcm.byteLength / 8);
    const out = dec.decode(packets);
    expect(out?.length).toBe(pcm.length);
    const { lag, r } = bestCorrelation(pcm, out ?? new Int16Array(0));
    // The encoder’s look-ahead (6.5 ms at 16 kHz), and the same sound (voice mode shapes the
    // waveform for the ear: not sample for sample; noise would correlate near 0).
    expect(lag).toBeGreaterThan(80);
    expect(lag).toBeLessThan(120);
    expect(r).toBeGreaterThan(0.8);
    enc.free();
    dec.free();
  });

  it('keeps its state across calls: a stream encoded in pieces decodes as one', () => {
    const enc = new OpusStreamEncoder({ rateHz: 16_000, bitrate: 24_000 });
    const dec = new OpusStreamDecoder(16_000);
    const pcm = voiced(600);
    const packets = [0, 1, 2].flatMap((i) => enc.encode(pcm.subarray(i * 3_200, (i + 1) * 3_200)));
    const out = [0, 10, 20].map((i) => dec.decode(packets.slice(i, i + 10)));
    expect(out.map((o) => o?.length)).toEqual([3_200, 3_200, 3_200]);
    enc.free();
    dec.free();
  });

  it('refuses what is not whole packets, and a packet libopus cannot read', () => {
    const enc = new OpusStreamEncoder({ rateHz: 16_000, bitrate: 24_000 });
    expect(() => enc.encode(new Int16Array(300))).toThrow(/not whole 20 ms packets/);
    const dec = new OpusStreamDecoder(16_000);
    // A code-3 packet that claims 40 frames in three bytes.
    expect(dec.decode([new Uint8Array([(9 << 3) | 3, 40, 0])])).toBeNull();
    // And goes on decoding good packets after it.
    expect(dec.decode(enc.encode(voiced(40)))?.length).toBe(640);
    enc.free();
    enc.free();
    expect(() => enc.encode(new Int16Array(320))).toThrow(/freed/);
    dec.free();
  });

  it('keeps 120 streams apart, open at once, as a busy relay has them', () => {
    // Each stream its own sound (a pitch of its own), a second of it in 100 ms chunks, the
    // streams taking turns as sessions do: every one must come back as its own sound. (A codec
    // writing into another's memory, or reading stale views of a grown heap, fails here.)
    const n = 120;
    const streams = Array.from({ length: n }, (_, i) => ({
      enc: new OpusStreamEncoder({ rateHz: 16_000, bitrate: 24_000, complexity: 10 }),
      dec: new OpusStreamDecoder(16_000),
      pcm: voicedAt(1_000, 150 + 2 * i),
      out: [] as Int16Array[],
    }));
    for (let at = 0; at < 16_000; at += 1_600)
      for (const s of streams) {
        const decoded = s.dec.decode(s.enc.encode(s.pcm.subarray(at, at + 1_600)));
        s.out.push(decoded ?? new Int16Array(0));
      }
    for (const s of streams) {
      const out = Int16Array.from(s.out.flatMap((o) => [...o]));
      expect(out.length).toBe(16_000);
      // At the codec's delay only (a best over fewer lags is never higher: no weaker a check):
      // 400 lags for each of 120 streams, under coverage's counters, were most of this file's
      // CI time (bench/results/ci-time.md).
      expect(bestCorrelation(s.pcm, out, CODEC_DELAY).r).toBeGreaterThan(0.8);
      s.enc.free();
      s.dec.free();
    }
    // A hang guard, not a timing goal: 120 encoders at complexity 10 take 10 s of one core.
  }, 60_000);

  it('picks the Opus rate that keeps all of a voice', () => {
    expect(opusRateFor(16_000)).toBe(16_000);
    expect(opusRateFor(22_050)).toBe(24_000);
    expect(opusRateFor(44_100)).toBe(48_000);
    expect(opusRateFor(96_000)).toBe(48_000);
  });
});
