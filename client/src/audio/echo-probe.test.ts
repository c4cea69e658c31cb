import { seededRandom } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { CaptureResampler } from './capture-resampler.ts';
import {
  alignCapture,
  detectEcho,
  probeSignal,
  type CaptureBlock,
  type EchoProbeResult,
} from './echo-probe.ts';
import { mixInto, speechLike, whiteNoise } from './echo-probe.test-kit.ts';

const RATE = 16_000;
/** The probe as played: default chirp at −20 dBFS peak. */
const PROBE = probeSignal({}, RATE).map((v) => v * 0.1);
/** 1 s of capture; the probe is heard 200 ms in (by the timestamps). */
const LENGTH = RATE;
const HEARD_AT = 3_200;

const dB = (db: number): number => 10 ** (db / 20);
const ms = (m: number): number => (m * RATE) / 1000;

/** A capture: `room` noise plus the probe at `echoDb` gain, `delayMs` after the timestamps say. */
function capture(room: Float32Array, echo?: { gainDb: number; delayMs: number }): Float32Array {
  const x = Float32Array.from(room);
  if (echo !== undefined) mixInto(x, PROBE, HEARD_AT + ms(echo.delayMs), dB(echo.gainDb));
  return x;
}

const detect = (captured: Float32Array, probeStartIndex = HEARD_AT): EchoProbeResult =>
  detectEcho({ probe: PROBE, captured, probeStartIndex, sampleRateHz: RATE });

describe('detectEcho', () => {
  it('reports no leak in digital silence', () => {
    const r = detect(new Float32Array(LENGTH));
    expect(r).toMatchObject({
      leaked: false,
      detected: false,
      inconclusive: false,
      significance: 0,
    });
    expect(r.leakDb).toBe(Number.NEGATIVE_INFINITY);
    expect(r.delayMs).toBeUndefined();
  });

  it('finds the probe 20 dB down under noise, 120 ms late, with its level and delay', () => {
    const r = detect(
      capture(whiteNoise(LENGTH, -50, seededRandom(1)), { gainDb: -20, delayMs: 120 }),
    );
    expect(r.leaked).toBe(true);
    expect(r.leakDb).toBeCloseTo(-20, 0);
    expect(r.delayMs).toBeCloseTo(120, 1);
    expect(r.significance).toBeGreaterThan(50);
    expect(r.noiseFloorDbFs).toBeCloseTo(-50, 0);
  });

  it('places the delay to a fraction of a sample when the timestamps fall between samples', () => {
    const r = detect(
      capture(whiteNoise(LENGTH, -60, seededRandom(2)), { gainDb: -20, delayMs: 120 }),
      HEARD_AT - 0.25, // heard a quarter sample earlier: the echo is a quarter sample later
    );
    expect(r.delayMs).toBeCloseTo(120 + 0.25 / 16, 1);
  });

  it('does not mistake speech-like sound for the probe', () => {
    for (let seed = 1; seed <= 24; seed++) {
      const level = [-45, -30, -15][seed % 3] ?? -30;
      const r = detect(capture(speechLike(LENGTH, level, seededRandom(seed))));
      expect(r.detected, `seed ${seed}`).toBe(false);
      expect(r.leaked).toBe(false);
      expect(r.significance).toBeLessThan(6);
    }
  });

  it('does not mistake white noise for the probe, at any level', () => {
    for (const level of [-70, -40, -10]) {
      const r = detect(capture(whiteNoise(LENGTH, level, seededRandom(-level))));
      expect(r.detected).toBe(false);
      expect(r.leaked).toBe(false);
    }
  });

  it('reports no leak for a probe 45 dB down under loud noise, and says it could not tell', () => {
    const r = detect(
      capture(whiteNoise(LENGTH, -30, seededRandom(3)), { gainDb: -45, delayMs: 120 }),
    );
    expect(r.leaked).toBe(false);
    expect(r.detected).toBe(false);
    // An echo at the −40 dB threshold would be ~33 dB under this noise: too deep to see.
    expect(r.inconclusive).toBe(true);
    expect(r.minDetectableLeakDb).toBeGreaterThan(-40);
  });

  it('sees a probe 45 dB down in a quiet room but keeps it under the −40 dB threshold', () => {
    const r = detect(
      capture(whiteNoise(LENGTH, -80, seededRandom(4)), { gainDb: -45, delayMs: 60 }),
    );
    expect(r.detected).toBe(true);
    expect(r.leaked).toBe(false);
    expect(r.inconclusive).toBe(false);
    expect(r.leakDb).toBeCloseTo(-45, 0);
    expect(r.delayMs).toBeCloseTo(60, 1);
  });

  it('finds an echo through a small speaker and a room, at the direct path', () => {
    // Small speaker: no bass below ~400 Hz, rolled-off top; two wall reflections.
    const played = bandLimit(PROBE, 400, 5_000);
    const room = whiteNoise(LENGTH, -55, seededRandom(5));
    mixInto(room, played, HEARD_AT + ms(80), dB(-25));
    mixInto(room, played, HEARD_AT + ms(87), dB(-31));
    mixInto(room, played, HEARD_AT + ms(103), dB(-37));
    const r = detect(room);
    expect(r.leaked).toBe(true);
    expect(r.delayMs).toBeCloseTo(80, 0);
    expect(r.leakDb).toBeGreaterThan(-28);
    expect(r.leakDb).toBeLessThan(-22);
  });

  it('finds the echo while someone talks over it', () => {
    for (let seed = 1; seed <= 8; seed++) {
      // Echo at −43 dBFS RMS under speech at −30 dBFS.
      const r = detect(
        capture(speechLike(LENGTH, -30, seededRandom(seed)), { gainDb: -20, delayMs: 200 }),
      );
      expect(r.leaked, `seed ${seed}`).toBe(true);
      expect(r.delayMs).toBeCloseTo(200, 0);
    }
  });

  it('finds an inverted echo that arrives before the timestamps say', () => {
    const room = whiteNoise(LENGTH, -55, seededRandom(6));
    mixInto(room, PROBE, HEARD_AT - ms(30), -dB(-20));
    const r = detect(room);
    expect(r.leaked).toBe(true);
    expect(r.delayMs).toBeCloseTo(-30, 1);
    expect(r.leakDb).toBeCloseTo(-20, 0);
  });

  it('ignores an echo later than the search window', () => {
    const r = detect(
      capture(whiteNoise(LENGTH, -60, seededRandom(7)), { gainDb: -10, delayMs: 340 }),
    );
    expect(r.detected).toBe(false);
  });

  it('needs a capture that covers the window', () => {
    expect(() => detect(new Float32Array(HEARD_AT))).toThrow(RangeError);
  });
});

describe('echo probe end to end, pure parts', () => {
  it('plays at the context rate, captures at 16 kHz in blocks, and still finds level and delay', () => {
    const contextRate = 44_100;
    const played = probeSignal({}, contextRate).map((v) => v * 0.1);
    // What the microphone hears at the context rate: noise and the echo, 120 ms after it is heard.
    const heardAtFrame = 0.25 * contextRate;
    const mic = whiteNoise(contextRate, -60, seededRandom(8));
    mixInto(mic, played, heardAtFrame + 0.12 * contextRate, dB(-20));
    // Capture: 20 ms worklet blocks → 16 kHz, each block stamped with its capture time.
    const resampler = new CaptureResampler({ inputRateHz: contextRate, outputRateHz: RATE });
    const epochOfFrame = (frame: number): number =>
      1_700_000_000_000 + (frame * 1000) / contextRate;
    const blocks: CaptureBlock[] = [];
    const block = 882;
    for (let f = 0; f + block <= mic.length; f += block) {
      const out = resampler.push(mic.slice(f, f + block), f);
      if (out !== null) {
        blocks.push({ ...out, capturedAtMs: epochOfFrame(out.firstFrame) });
      }
    }
    const { captured, probeStartIndex } = alignCapture(blocks, epochOfFrame(heardAtFrame), RATE);
    expect(probeStartIndex).toBeCloseTo(0.25 * RATE, 6);
    const r = detectEcho({ probe: PROBE, captured, probeStartIndex, sampleRateHz: RATE });
    expect(r.leaked).toBe(true);
    expect(r.delayMs).toBeCloseTo(120, 1);
    expect(r.leakDb).toBeCloseTo(-20, 0);
  });

  it('joins blocks with gaps as silence and anchors on the block nearest the probe', () => {
    const blocks: CaptureBlock[] = [
      { samples: new Float32Array(320).fill(1), firstSample: 1_000, capturedAtMs: 5_000 },
      { samples: new Float32Array(320).fill(2), firstSample: 1_320, capturedAtMs: 5_020 },
      // 20 ms missing; this block's clock says 1 ms later than counting samples would.
      { samples: new Float32Array(320).fill(3), firstSample: 1_960, capturedAtMs: 5_061 },
    ];
    const { captured, probeStartIndex } = alignCapture(blocks, 5_071, RATE);
    expect(captured.length).toBe(1_280);
    expect(captured[639]).toBe(2);
    expect(captured[640]).toBe(0);
    expect(captured[960]).toBe(3);
    expect(probeStartIndex).toBe(960 + 160);
    expect(alignCapture([], 0, RATE).captured.length).toBe(0);
  });

  it('computes the same chirp at any rate', () => {
    const a = probeSignal({ durationMs: 200, startHz: 600, endHz: 3_000, fadeMs: 5 }, 48_000);
    const b = probeSignal({ durationMs: 200, startHz: 600, endHz: 3_000, fadeMs: 5 }, 16_000);
    expect(a.length).toBe(9_600);
    expect(b.length).toBe(3_200);
    for (let i = 0; i < b.length; i += 97) expect(a[3 * i]).toBeCloseTo(b[i] ?? 0, 6);
    expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(1);
    expect(a[0]).toBe(0); // faded in: no click
    expect(() => probeSignal({ endHz: 9_000 }, 16_000)).toThrow(RangeError);
  });
});

/** One-pole high-pass at `lowHz` then one-pole low-pass at `highHz` (a small speaker, roughly). */
function bandLimit(x: Float32Array, lowHz: number, highHz: number): Float32Array {
  const out = new Float32Array(x.length);
  const hp = Math.exp((-2 * Math.PI * lowHz) / RATE);
  const lp = Math.exp((-2 * Math.PI * highHz) / RATE);
  let prevIn = 0;
  let high = 0;
  let low = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] ?? 0;
    high = hp * (high + v - prevIn);
    prevIn = v;
    low = (1 - lp) * high + lp * low;
    out[i] = low;
  }
  return out;
}
