/**
 * Echo probe, the pure part: does sound played to the speakers come back through the microphone?
 * Run once at call start to choose full duplex (barge-in on) or half duplex (mic ignored while the
 * reply plays). run-echo-probe.ts plays the probe and collects the capture; this decides.
 *
 * The probe is a short linear chirp (default 300 ms, 500 → 3,500 Hz, 10 ms raised-cosine ends):
 * its autocorrelation is one sharp peak, so a correlation finds the echo and its delay even under
 * noise, and its energy lies in the speech band, where speakers and microphones work and where an
 * echo would trouble the VAD.
 *
 * Decision, over every lag of a search window (default −50 … 300 ms from where the capture
 * timestamps put the probe; the browser's latency reports can be off by that much):
 * - Detection uses GCC-PHAT: the cross-spectrum of capture and probe with every frequency of the
 *   probe's band weighted to unit magnitude, transformed back to lags (envelope of the analytic
 *   signal, so the echo's phase does not matter). Only energy whose phase follows the probe's at
 *   one delay adds up: a needle for an echo, a low, ragged floor for noise and for speech, whose
 *   harmonics would otherwise correlate with a chirp over long stretches of lag.
 * - `significance` = that needle over the median of the envelope within ±25 ms of it (a local
 *   background, because the floor rises and falls with the loudness of the capture across the
 *   window). Detected when ≥ 8: well above noise and speech without a probe, well below an echo
 *   (the calibration: docs/decisions.md#full-or-half-duplex-chosen-by-an-echo-probe).
 * - `leakDb` is the least-squares gain of the probe in the capture at the detected lag
 *   (|⟨x_τ, p⟩| / ‖p‖², analytic), in dB: 0 dB = the probe came back as loud as it was played, in
 *   digital full scale. Leaked when detected and `leakDb` ≥ −40 dB.
 * - An echo is found reliably down to about 15 dB under the capture's level (white noise; speech
 *   is sparser: about 20 dB). When the threshold echo would be buried deeper than that, the probe
 *   cannot tell and says `inconclusive`.
 */

import { fft, nextPowerOfTwo } from './fft.ts';

/** Shape of the probe. */
export interface ProbeSpec {
  /** Duration (ms). Default 300. */
  durationMs?: number;
  /** Frequency at the start of the sweep (Hz). Default 500. */
  startHz?: number;
  /** Frequency at the end of the sweep (Hz; below the 8 kHz Nyquist of the 16 kHz capture). Default 3,500. */
  endHz?: number;
  /** Raised-cosine fade at each end (ms), so the probe starts and stops without a click. Default 10. */
  fadeMs?: number;
}

/** Decision thresholds and search window. */
export interface EchoDetectorOptions {
  /** Earliest echo delay searched, relative to the timestamp alignment (ms). Default −50. */
  minDelayMs?: number;
  /** Latest echo delay searched (ms): unknown output + input latency. Default 300. */
  maxDelayMs?: number;
  /** Echo gain (dB) at or above which a detected probe counts as leaked. Default −40. */
  thresholdDb?: number;
  /** Needed `significance` (GCC-PHAT peak over its local median) to detect the probe. Default 8. */
  minSignificance?: number;
}

export interface EchoProbeInput {
  /** The probe as played, at `sampleRateHz`, in digital full scale (its played level included). */
  probe: Float32Array;
  /** Microphone samples at `sampleRateHz`, from before the probe until after it plus the delay. */
  captured: Float32Array;
  /**
   * Position in `captured` (samples, may be fractional) of the sample captured when the probe's
   * first sample was heard, according to the timestamps: where an echo with no delay would begin.
   */
  probeStartIndex: number;
  /** Rate of `probe` and `captured` (Hz), normally 16,000. */
  sampleRateHz: number;
}

export interface EchoProbeResult {
  /** The probe came back at or above the threshold: echo would reach the VAD, prefer half duplex. */
  leaked: boolean;
  /**
   * Gain of the probe in the capture at the best lag (dB; −Infinity for digital silence). Only
   * meaningful when `detected`; otherwise what the capture projects onto the probe by chance.
   */
  leakDb: number;
  /** Echo delay relative to the timestamp alignment (ms), when detected. */
  delayMs?: number;
  /** The probe is present in the capture (whatever its level). */
  detected: boolean;
  /** Not detected, but the capture was too loud to see an echo at the threshold: ask again later. */
  inconclusive: boolean;
  /** GCC-PHAT peak over its local median (detection needs ≥ `minSignificance`). */
  significance: number;
  /** Normalised correlation |⟨x_τ, p⟩| / (‖x_τ‖·‖p‖) at the best lag: share of the capture there
   * that the probe explains (0 … 1). */
  correlation: number;
  /** Weakest echo gain this capture could have shown (dB): capture level − 15 dB − probe level. */
  minDetectableLeakDb: number;
  /** RMS level of the capture before any echo could arrive (dBFS); absent with no such samples. */
  noiseFloorDbFs?: number;
  /** Lags searched (the window, clipped to what was captured). */
  lagsSearched: number;
}

/** Frequencies where the probe is within 20 dB of its peak spectrum count for GCC-PHAT. */
const PHAT_BAND = 0.1;
/** Half-width of the lag neighbourhood a peak is compared with (ms). */
const BACKGROUND_MS = 25;
/** Lags next to a peak left out of its background (its own main lobe). */
const GUARD_SAMPLES = 8;
/** How far under the capture's level an echo is still found reliably (dB; white noise). */
const DETECTION_MARGIN_DB = 15;
/** Strongest local maxima considered. */
const CANDIDATES = 24;
const DEFAULT_PROBE = { durationMs: 300, startHz: 500, endHz: 3_500, fadeMs: 10 } as const;
const DEFAULTS = {
  minDelayMs: -50,
  maxDelayMs: 300,
  thresholdDb: -40,
  minSignificance: 8,
} as const;

/** Duration of the probe described by `spec` (ms). */
export function probeDurationMs(spec: ProbeSpec = {}): number {
  return spec.durationMs ?? DEFAULT_PROBE.durationMs;
}

/**
 * The probe at unit peak, sampled at `sampleRateHz`: a linear chirp computed from its continuous
 * formula, so the probe played at the context rate and the reference at 16 kHz are the same signal.
 */
export function probeSignal(spec: ProbeSpec, sampleRateHz: number): Float32Array {
  const durationSec = probeDurationMs(spec) / 1000;
  const f0 = spec.startHz ?? DEFAULT_PROBE.startHz;
  const f1 = spec.endHz ?? DEFAULT_PROBE.endHz;
  const fadeSec = Math.min((spec.fadeMs ?? DEFAULT_PROBE.fadeMs) / 1000, durationSec / 2);
  if (!(durationSec > 0)) throw new RangeError('probe durationMs must be positive');
  if (!(f0 > 0 && f1 > 0 && Math.max(f0, f1) < sampleRateHz / 2))
    throw new RangeError('probe frequencies must lie between 0 and the Nyquist frequency');
  const n = Math.round(durationSec * sampleRateHz);
  const out = new Float32Array(n);
  const sweep = (f1 - f0) / durationSec; // Hz per second
  for (let i = 0; i < n; i++) {
    const t = i / sampleRateHz;
    const phase = 2 * Math.PI * (f0 * t + (sweep * t * t) / 2);
    const edge = Math.min(t, durationSec - t);
    const fade =
      edge >= fadeSec ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * Math.max(0, edge)) / fadeSec);
    out[i] = Math.sin(phase) * fade;
  }
  return out;
}

/** Decides whether `input.probe` leaked into `input.captured`; see the module comment. */
export function detectEcho(
  input: EchoProbeInput,
  options: EchoDetectorOptions = {},
): EchoProbeResult {
  const { probe, captured, probeStartIndex, sampleRateHz } = input;
  const opts = { ...DEFAULTS, ...options };
  const n = probe.length;
  let probeEnergy = 0;
  for (const v of probe) probeEnergy += v * v;
  if (!(probeEnergy > 0)) throw new RangeError('the probe is silent');
  const base = Math.round(probeStartIndex);
  const msToSamples = (ms: number): number => Math.round((ms * sampleRateHz) / 1000);
  // Window starts (indices in `captured`) of every lag that the capture covers.
  const first = Math.max(0, base + msToSamples(opts.minDelayMs));
  const last = Math.min(captured.length - n, base + msToSamples(opts.maxDelayMs));
  if (last < first) {
    throw new RangeError('the capture does not cover the probe at any delay of the window');
  }
  const lags = last - first + 1;
  const { plain, phat } = correlate(captured.subarray(first, last + n), probe, lags);
  const { best, significance } = strongestPeak(phat, msToSamples(BACKGROUND_MS), GUARD_SAMPLES);
  const dot = plain[best] ?? 0;
  let windowEnergy = 0;
  for (let i = first + best; i < first + best + n; i++) windowEnergy += (captured[i] ?? 0) ** 2;
  const detected = significance >= opts.minSignificance;
  const leakDb = 20 * Math.log10(dot / probeEnergy);
  const captureDbFs = rmsDb(captured, first, last + n) ?? Number.NEGATIVE_INFINITY;
  const minDetectableLeakDb = captureDbFs - DETECTION_MARGIN_DB - 10 * Math.log10(probeEnergy / n);
  const result: EchoProbeResult = {
    leaked: detected && leakDb >= opts.thresholdDb,
    leakDb,
    detected,
    inconclusive: !detected && minDetectableLeakDb > opts.thresholdDb,
    significance,
    correlation: windowEnergy > 0 ? dot / Math.sqrt(probeEnergy * windowEnergy) : 0,
    minDetectableLeakDb,
    lagsSearched: lags,
  };
  const floor = rmsDb(captured, 0, Math.min(captured.length, base + msToSamples(opts.minDelayMs)));
  if (floor !== undefined) result.noiseFloorDbFs = floor;
  if (detected) {
    const lag = first + best + parabolicOffset(phat, best) - probeStartIndex;
    result.delayMs = (lag * 1000) / sampleRateHz;
  }
  return result;
}

/**
 * Envelopes of the cross-correlation of `segment` with `probe` at lags 0 … lags − 1: `plain`, the
 * magnitude of the analytic matched-filter output (an echo g·p(t − d) gives g·‖p‖² at d, whatever
 * its phase), and `phat`, the same with every frequency of the cross-spectrum weighted to unit
 * magnitude (GCC-PHAT) within the probe's band: only energy whose phase lines up with the probe's
 * at one delay adds up, so voice harmonics and coloured noise do not make a peak.
 */
function correlate(
  segment: Float32Array,
  probe: Float32Array,
  lags: number,
): { plain: Float64Array; phat: Float64Array } {
  const size = nextPowerOfTwo(segment.length);
  const xRe = new Float64Array(size);
  const xIm = new Float64Array(size);
  const pRe = new Float64Array(size);
  const pIm = new Float64Array(size);
  xRe.set(segment);
  pRe.set(probe);
  fft(xRe, xIm);
  fft(pRe, pIm);
  let peak = 0;
  for (let k = 0; k <= size / 2; k++) peak = Math.max(peak, Math.hypot(pRe[k] ?? 0, pIm[k] ?? 0));
  const plainRe = new Float64Array(size);
  const plainIm = new Float64Array(size);
  const phatRe = new Float64Array(size);
  const phatIm = new Float64Array(size);
  // Positive frequencies only, doubled: the inverse transform is the analytic correlation.
  for (let k = 1; k < size / 2; k++) {
    const aRe = xRe[k] ?? 0;
    const aIm = xIm[k] ?? 0;
    const bRe = pRe[k] ?? 0;
    const bIm = pIm[k] ?? 0;
    // X · conj(P)
    const re = aRe * bRe + aIm * bIm;
    const im = aIm * bRe - aRe * bIm;
    plainRe[k] = 2 * re;
    plainIm[k] = 2 * im;
    const magnitude = Math.hypot(re, im);
    if (Math.hypot(bRe, bIm) >= PHAT_BAND * peak && magnitude > 1e-30) {
      phatRe[k] = re / magnitude;
      phatIm[k] = im / magnitude;
    }
  }
  fft(plainRe, plainIm, true);
  fft(phatRe, phatIm, true);
  const plain = new Float64Array(lags);
  const phat = new Float64Array(lags);
  for (let k = 0; k < lags; k++) {
    plain[k] = Math.hypot(plainRe[k] ?? 0, plainIm[k] ?? 0);
    phat[k] = Math.hypot(phatRe[k] ?? 0, phatIm[k] ?? 0);
  }
  return { plain, phat };
}

/** Audio blocks as MicCapture delivers them (16 kHz stream position and capture time). */
export interface CaptureBlock {
  samples: Float32Array;
  /** Index in the capture stream of `samples[0]`. */
  firstSample: number;
  /** Epoch ms at which `samples[0]` was captured. */
  capturedAtMs: number;
}

/**
 * Joins captured blocks into one buffer (gaps in stream positions filled with silence) and finds
 * where `heardAtMs` (the epoch ms at which the probe's first sample reached the speaker) falls in
 * it, using the timestamp of the block nearest to that moment.
 */
export function alignCapture(
  blocks: readonly CaptureBlock[],
  heardAtMs: number,
  sampleRateHz: number,
): { captured: Float32Array; probeStartIndex: number } {
  const head = blocks[0];
  const tail = blocks.at(-1);
  if (head === undefined || tail === undefined)
    return { captured: new Float32Array(0), probeStartIndex: 0 };
  const captured = new Float32Array(tail.firstSample + tail.samples.length - head.firstSample);
  let anchor = head;
  for (const b of blocks) {
    captured.set(b.samples, b.firstSample - head.firstSample);
    if (b.capturedAtMs <= heardAtMs) anchor = b;
  }
  const probeStartIndex =
    anchor.firstSample -
    head.firstSample +
    ((heardAtMs - anchor.capturedAtMs) * sampleRateHz) / 1000;
  return { captured, probeStartIndex };
}

/**
 * The lag whose envelope stands out most from its surroundings: among the strongest local maxima,
 * the one with the highest ratio to the median envelope within ±`halfWidth` lags (a few lags
 * either side left out). A local background, because the background varies with the capture's
 * loudness over the window (a syllable, a door) while an echo is a needle.
 */
function strongestPeak(
  envelope: Float64Array,
  halfWidth: number,
  guard: number,
): { best: number; significance: number } {
  const maxima: number[] = [];
  for (let k = 0; k < envelope.length; k++) {
    const v = envelope[k] ?? 0;
    if (v > 0 && v >= (envelope[k - 1] ?? 0) && v >= (envelope[k + 1] ?? 0)) maxima.push(k);
  }
  maxima.sort((a, b) => (envelope[b] ?? 0) - (envelope[a] ?? 0));
  let best = 0;
  let significance = 0;
  for (const k of maxima.slice(0, CANDIDATES)) {
    const around: number[] = [];
    for (
      let j = Math.max(0, k - halfWidth);
      j <= Math.min(envelope.length - 1, k + halfWidth);
      j++
    ) {
      if (Math.abs(j - k) > guard) around.push(envelope[j] ?? 0);
    }
    const ratio = (envelope[k] ?? 0) / Math.max(median(Float64Array.from(around)), 1e-12);
    if (ratio > significance) {
      significance = ratio;
      best = k;
    }
  }
  return { best, significance };
}

/** Median of `values` (0 when empty). */
function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid] ?? 0;
  return ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Sub-sample position of the peak of `values` around index k (−0.5 … 0.5). */
function parabolicOffset(values: Float64Array, k: number): number {
  const a = values[k - 1] ?? Number.NaN;
  const b = values[k] ?? Number.NaN;
  const c = values[k + 1] ?? Number.NaN;
  const denominator = a - 2 * b + c;
  if (!Number.isFinite(denominator) || denominator >= 0) return 0;
  return Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / denominator));
}

function rmsDb(x: Float32Array, from: number, to: number): number | undefined {
  if (to <= from) return undefined;
  let sum = 0;
  for (let i = from; i < to; i++) sum += (x[i] ?? 0) ** 2;
  return 10 * Math.log10(sum / (to - from));
}
