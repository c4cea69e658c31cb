/**
 * A small pitch tracker (YIN: de Cheveigné & Kawahara, 2002) for the voice's fundamental
 * frequency at the end of an utterance's words. Pure and allocation-light: it runs once per
 * pause on the last second or so of audio, never continuously, so it needs no worker.
 *
 * The audio is halved to 8 kHz first (pairs averaged, a crude low-pass that keeps a speaking
 * voice's 60–400 Hz fundamental): a quarter of the work, and the same periods found.
 */

/** One analysis frame of a pitch track. */
export interface PitchFrame {
  /** Where the frame's window ends, from the start of the audio analysed (ms). */
  endMs: number;
  /** Its fundamental frequency (Hz), or null when it is not voiced. */
  f0Hz: number | null;
}

export interface PitchOptions {
  /** Rate of the audio given (Hz); even. Default 16,000. */
  sampleRateHz?: number;
  /** Lowest fundamental looked for (Hz). Default 60. */
  minHz?: number;
  /** Highest (Hz). Default 400. */
  maxHz?: number;
  /** Between frames (ms). Default 10. */
  hopMs?: number;
  /** Quieter frames are not voiced (dBFS). Default -45, the headless endpointer's speech level. */
  silenceDb?: number;
  /** YIN's threshold on the normalised difference: lower is stricter. Default 0.2. */
  threshold?: number;
}

/** YIN's integration window (ms at the analysis rate): about two periods of a low voice. */
const WINDOW_MS = 30;

/** The audio at half its rate (pairs of samples averaged). */
function halve(samples: Float32Array): Float32Array {
  const out = new Float32Array(samples.length >> 1);
  for (let i = 0; i < out.length; i++)
    out[i] = ((samples[2 * i] ?? 0) + (samples[2 * i + 1] ?? 0)) / 2;
  return out;
}

/**
 * The pitch track of `samples`: one frame per `hopMs`, each null where the audio is quiet or
 * not periodic (breath, a fricative, silence).
 */
export function pitchTrack(samples: Float32Array, options: PitchOptions = {}): PitchFrame[] {
  const rate = (options.sampleRateHz ?? 16_000) / 2;
  const x = halve(samples);
  const window = Math.round((WINDOW_MS * rate) / 1000);
  const minLag = Math.floor(rate / (options.maxHz ?? 400));
  const maxLag = Math.ceil(rate / (options.minHz ?? 60));
  const hop = Math.round(((options.hopMs ?? 10) * rate) / 1000);
  const threshold = options.threshold ?? 0.2;
  const quiet = 10 ** ((options.silenceDb ?? -45) / 20);
  const d = new Float64Array(maxLag + 2);
  const frames: PitchFrame[] = [];
  for (let start = 0; start + window + maxLag + 1 <= x.length; start += hop) {
    const endMs = ((start + window + maxLag) * 1000) / rate;
    let energy = 0;
    for (let j = start; j < start + window; j++) energy += (x[j] ?? 0) ** 2;
    if (Math.sqrt(energy / window) < quiet) {
      frames.push({ endMs, f0Hz: null });
      continue;
    }
    frames.push({ endMs, f0Hz: period(x, start, window, minLag, maxLag, threshold, d, rate) });
  }
  return frames;
}

/** YIN on one frame: its fundamental (Hz), or null when no lag is periodic enough. */
function period(
  x: Float32Array,
  start: number,
  window: number,
  minLag: number,
  maxLag: number,
  threshold: number,
  d: Float64Array,
  rate: number,
): number | null {
  // The difference function, then its cumulative-mean normalisation in place.
  let sum = 0;
  d[0] = 1;
  for (let tau = 1; tau <= maxLag + 1; tau++) {
    let diff = 0;
    for (let j = start; j < start + window; j++) {
      const delta = (x[j] ?? 0) - (x[j + tau] ?? 0);
      diff += delta * delta;
    }
    sum += diff;
    d[tau] = sum === 0 ? 1 : (diff * tau) / sum;
  }
  let best = -1;
  for (let tau = minLag; tau <= maxLag; tau++) {
    if ((d[tau] ?? 1) < threshold) {
      // The first dip under the threshold, followed down to its minimum.
      while (tau + 1 <= maxLag && (d[tau + 1] ?? 1) < (d[tau] ?? 1)) tau++;
      best = tau;
      break;
    }
  }
  if (best < 0) return null;
  // Parabolic interpolation between the neighbouring lags, for a fraction of a sample.
  const a = d[best - 1] ?? 1;
  const b = d[best] ?? 1;
  const c = d[best + 1] ?? 1;
  const denominator = a - 2 * b + c;
  const shift = denominator === 0 ? 0 : (a - c) / (2 * denominator);
  return rate / (best + Math.max(-0.5, Math.min(0.5, shift)));
}
