import { afterAll, describe, expect, it } from 'vitest';
import { FliteTts } from '../embedded/flite/flite.ts';
import { PCM_CHECK_WINDOW_SAMPLES, PcmCheck } from './pcm-check.ts';
import { Pcm16Decoder } from './pcm-bytes.ts';

const W = PCM_CHECK_WINDOW_SAMPLES;

/** Little-endian bytes of `samples`. */
function bytesOf(samples: Int16Array): Uint8Array {
  const b = new Uint8Array(samples.length * 2);
  const v = new DataView(b.buffer);
  samples.forEach((s, i) => v.setInt16(i * 2, s, true));
  return b;
}

/**
 * Speech-like test audio at 16 kHz: voiced stretches (a 140 Hz buzz and formants under an
 * envelope), a hiss like an "s" (high-passed noise), and pauses of digital silence.
 */
function speechLike(seconds: number, peak = 12_000): Int16Array {
  const rate = 16_000;
  const out = new Int16Array(Math.round(seconds * rate));
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  let prev = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / rate;
    const phase = t % 0.5; // 0.3 s voiced, 0.1 s hiss, 0.1 s silence
    let x = 0;
    if (phase < 0.3) {
      const env = Math.sin((Math.PI * phase) / 0.3);
      x =
        env *
        (0.5 * Math.sin(2 * Math.PI * 140 * t) +
          0.3 * Math.sin(2 * Math.PI * 700 * t) +
          0.2 * Math.sin(2 * Math.PI * 2200 * t));
    } else if (phase < 0.4) {
      const n = random();
      x = 0.4 * (n - prev); // first difference: a high-passed hiss
      prev = n;
    }
    out[i] = Math.round(x * peak);
  }
  return out;
}

/** Feeds `bytes` in pieces of `size` (a sample may straddle two), as a body is read. */
function run(bytes: Uint8Array, size = 1001) {
  const decoder = new Pcm16Decoder();
  const check = new PcmCheck();
  const passed: number[] = [];
  let fault: string | null = null;
  let faultAt = -1;
  for (let at = 0; at < bytes.length && fault === null; at += size) {
    const r = check.push(decoder.push(bytes.subarray(at, at + size)));
    passed.push(...r.samples);
    if (r.fault) {
      fault = r.fault;
      faultAt = at + size;
    }
  }
  if (fault === null) {
    const r = check.end();
    passed.push(...r.samples);
    fault = r.fault;
  }
  return { passed, fault, faultAt };
}

function withByte(bytes: Uint8Array, at: number, byte = 0x5a): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes.subarray(0, at));
  out[at] = byte;
  out.set(bytes.subarray(at), at + 1);
  return out;
}

function withoutByte(bytes: Uint8Array, at: number): Uint8Array {
  const out = new Uint8Array(bytes.length - 1);
  out.set(bytes.subarray(0, at));
  out.set(bytes.subarray(at + 1), at);
  return out;
}

describe('PcmCheck', () => {
  const speech = speechLike(2);

  it('passes sound audio untouched, whatever the pieces it arrives in', () => {
    for (const size of [1, 7, 333, 4800, 64_000]) {
      const { passed, fault } = run(bytesOf(speech), size);
      expect(fault).toBeNull();
      expect(passed).toEqual([...speech]);
    }
  });

  it('holds back at most two windows until the audio after them is judged', () => {
    const check = new PcmCheck();
    expect(check.push(speech.subarray(0, W + 10)).samples).toHaveLength(0);
    // Three windows judged: the first two pass, the third waits for the next.
    expect(check.push(speech.subarray(W + 10, 3 * W + 20)).samples).toHaveLength(2 * W);
    const rest = check.end();
    expect(rest.samples).toHaveLength(W + 20);
    expect(rest.fault).toBeNull();
  });

  it.each([
    ['at a window boundary', 2 * 8 * W],
    ['in the middle of a window', 2 * (8 * W + 100) + 1],
    ['late in a window', 2 * (8 * W + 230)],
    ['in the hiss', 2 * 5400],
    ['right at the start of the audio', 2],
  ])('stops a stream one byte added to %s, passing exactly the audio before it', (_n, byteAt) => {
    const { passed, fault } = run(withByte(bytesOf(speech), byteAt));
    expect(fault).toMatch(/misaligned/);
    const firstBad = Math.floor(byteAt / 2);
    // Nothing after the slip passes; before it, at most a window is given up.
    expect(passed.length).toBeLessThanOrEqual(firstBad);
    expect(passed.length).toBeGreaterThanOrEqual(firstBad - W);
    expect(passed).toEqual([...speech.subarray(0, passed.length)]);
  });

  it('stops a stream that lost a byte, before the noise', () => {
    const byteAt = 2 * 12_345 + 1;
    const { passed, fault } = run(withoutByte(bytesOf(speech), byteAt));
    expect(fault).toMatch(/misaligned/);
    expect(passed.length).toBeLessThanOrEqual(12_345);
    expect(passed).toEqual([...speech.subarray(0, passed.length)]);
  });

  it('lets misaligned digital silence through (it is still silence), then stops at the speech', () => {
    const quietThenSpeech = new Int16Array(4000 + speech.length);
    quietThenSpeech.set(speech, 4000);
    const { passed, fault } = run(withByte(bytesOf(quietThenSpeech), 1001));
    expect(fault).toMatch(/misaligned/);
    // Whatever passed is quiet: no full-scale noise reached the output.
    expect(passed.reduce((m, s) => Math.max(m, Math.abs(s)), 0)).toBeLessThan(256);
  });

  it('catches a slip in the last few milliseconds of a stream', () => {
    const voiced = speech.subarray(0, 4000); // ends 0.25 s into a voiced stretch
    const { passed, fault } = run(withByte(bytesOf(voiced), 2 * (voiced.length - 100)));
    expect(fault).toMatch(/misaligned/);
    expect(passed.length).toBeLessThanOrEqual(voiced.length - 100);
  });

  it('catches a slip in the last five samples', () => {
    const voiced = speech.subarray(0, 4000);
    const { passed, fault } = run(withByte(bytesOf(voiced), 2 * (voiced.length - 5)));
    expect(fault).toMatch(/misaligned/);
    expect(passed).toEqual([...voiced.subarray(0, passed.length)]);
    expect(passed.length).toBeLessThanOrEqual(voiced.length - 5);
  });

  it('refuses big-endian audio (every sample’s bytes swapped) within the first window', () => {
    const bytes = bytesOf(speech.subarray(1600)); // from the middle of a voiced stretch
    for (let i = 0; i + 1 < bytes.length; i += 2)
      [bytes[i], bytes[i + 1]] = [bytes[i + 1]!, bytes[i]!];
    const { passed, fault } = run(bytes);
    expect(fault).toMatch(/misaligned/);
    expect(passed.length).toBeLessThan(W);
  });

  it.each([
    ['a JSON error', '{"error":{"message":"Rate limit reached"}}', /text where audio was expected/],
    ['an HTML page', '<!DOCTYPE html><html><body>Bad gateway', /text where audio was expected/],
    ['a WAV file', 'RIFF\x24\x10\x00\x00WAVEfmt ', /a WAV file/],
    ['an MP3 file', 'ID3\x04\x00\x00\x00\x00\x00\x23TSSE', /an MP3 file/],
  ])('refuses %s before any sample passes', (_n, body, reason) => {
    const bytes = Uint8Array.from(body, (c) => c.charCodeAt(0));
    const padded = new Uint8Array(bytes.length + 4000);
    padded.set(bytes);
    const { passed, fault } = run(padded, 5);
    expect(fault).toMatch(reason);
    expect(passed).toHaveLength(0);
  });

  it('passes a stream too short to judge', () => {
    const { passed, fault } = run(bytesOf(Int16Array.of(0, 1, -1)));
    expect(fault).toBeNull();
    expect(passed).toEqual([0, 1, -1]);
  });

  describe('on real speech (Flite)', () => {
    const flite = new FliteTts({ workers: 1 });
    afterAll(() => flite.close());
    const text =
      'She sells sea shells by the seashore. Six thistle sticks! Shh, psst, what time is it?';

    it.each(['slt', 'rms', 'awb', 'kal16'])(
      'passes voice %s untouched at full scale, and stops it slipped by a byte',
      async (voice) => {
        const tts = new FliteTts({ voice, workers: 1 });
        try {
          const blocks: Int16Array[] = [];
          for await (const b of tts.synthesize({ text, signal: AbortSignal.timeout(15_000) }))
            blocks.push(b);
          const raw = Int16Array.from(blocks.flatMap((b) => [...b]));
          // As loud as it can be without clipping: the hardest case for a false alarm.
          const peak = raw.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
          const loud = raw.map((s) => Math.round((s * 32_767) / peak));
          const sound = run(bytesOf(loud));
          expect(sound.fault).toBeNull();
          expect(sound.passed).toEqual([...loud]);

          const slipAt = 2 * Math.floor(loud.length / 3) + 1;
          const slipped = run(withByte(bytesOf(loud), slipAt));
          expect(slipped.fault).toMatch(/misaligned/);
          expect(slipped.passed.length).toBeLessThanOrEqual(Math.floor(slipAt / 2));
          expect(slipped.passed).toEqual([...loud.subarray(0, slipped.passed.length)]);
        } finally {
          await tts.close();
        }
      },
    );
  });
});
