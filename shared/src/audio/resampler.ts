/**
 * Streaming, anti-aliased sample-rate converter (windowed-sinc, polyphase).
 *
 * Each output sample is a Blackman-windowed sinc interpolation of the input around its exact
 * (fractional) position. The low-pass cutoff sits below the lower of the two Nyquist
 * frequencies, so downsampling (48 kHz → 16 kHz) removes what would otherwise alias, and
 * upsampling (16 kHz → 48 kHz) removes imaging. For rational ratios with a small reduced
 * denominator the filter for every phase is computed once; other ratios evaluate the kernel
 * per output sample.
 */
export interface ResamplerOptions {
  /** Input sample rate (Hz, positive integer). */
  inputRateHz: number;
  /** Output sample rate (Hz, positive integer). */
  outputRateHz: number;
  /**
   * Zero crossings of the sinc on each side of the centre. More = sharper transition band and
   * more latency (latency ≈ zeroCrossings / (2 · cutoff) input samples). Default 16.
   */
  zeroCrossings?: number;
  /** Cutoff as a fraction of the lower Nyquist frequency (0 < rolloff < 1). Default 0.9. */
  rolloff?: number;
}

const MAX_PRECOMPUTED_PHASES = 2048;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function blackman(x: number): number {
  // x in [-1, 1]; 0 at the edges, 1 at the centre.
  const t = (x + 1) / 2;
  return 0.42 - 0.5 * Math.cos(2 * Math.PI * t) + 0.08 * Math.cos(4 * Math.PI * t);
}

export class Resampler {
  readonly inputRateHz: number;
  readonly outputRateHz: number;
  /** Input samples per output step, as the reduced fraction down / up. */
  private readonly up: number;
  private readonly down: number;
  /** Number of input samples on each side of an output position that contribute to it. */
  private readonly halfTaps: number;
  private readonly cutoff: number;
  private readonly phases: Float32Array[] | null;
  private readonly identity: boolean;

  /** Unconsumed input; `history[0]` is absolute input index `historyStart`. */
  private history = new Float32Array(0);
  private historyStart = 0;
  private totalIn = 0;
  private nextOut = 0;

  constructor(options: ResamplerOptions) {
    const { inputRateHz, outputRateHz } = options;
    if (!Number.isInteger(inputRateHz) || inputRateHz <= 0)
      throw new RangeError(`inputRateHz must be a positive integer, got ${inputRateHz}`);
    if (!Number.isInteger(outputRateHz) || outputRateHz <= 0)
      throw new RangeError(`outputRateHz must be a positive integer, got ${outputRateHz}`);
    const zeroCrossings = options.zeroCrossings ?? 16;
    const rolloff = options.rolloff ?? 0.9;
    if (!(rolloff > 0 && rolloff < 1)) throw new RangeError('rolloff must be in (0, 1)');
    this.inputRateHz = inputRateHz;
    this.outputRateHz = outputRateHz;
    this.identity = inputRateHz === outputRateHz;
    const g = gcd(inputRateHz, outputRateHz);
    this.up = outputRateHz / g;
    this.down = inputRateHz / g;
    // Cutoff in cycles per input sample (0.5 = input Nyquist).
    this.cutoff = (Math.min(inputRateHz, outputRateHz) / 2 / inputRateHz) * rolloff;
    this.halfTaps = Math.ceil(zeroCrossings / (2 * this.cutoff));
    this.phases = this.identity || this.up > MAX_PRECOMPUTED_PHASES ? null : this.buildPhases();
  }

  /** Feeds input and returns every output sample that can be computed so far. */
  process(input: Float32Array): Float32Array {
    if (this.identity) return input.slice();
    this.append(input);
    return this.drain(this.totalIn);
  }

  /** Returns the remaining output, as if the input were followed by silence; then resets. */
  flush(): Float32Array {
    if (this.identity) return new Float32Array(0);
    const endOut = Math.ceil((this.totalIn * this.up) / this.down);
    this.append(new Float32Array(this.halfTaps + 1));
    const out = this.drain(this.totalIn, endOut);
    this.reset();
    return out;
  }

  /** Forgets all buffered input. */
  reset(): void {
    this.history = new Float32Array(0);
    this.historyStart = 0;
    this.totalIn = 0;
    this.nextOut = 0;
  }

  private append(input: Float32Array): void {
    const merged = new Float32Array(this.history.length + input.length);
    merged.set(this.history, 0);
    merged.set(input, this.history.length);
    this.history = merged;
    this.totalIn += input.length;
  }

  /** Computes outputs whose whole support lies before `available` input samples. */
  private drain(available: number, limit = Number.POSITIVE_INFINITY): Float32Array {
    const { up, down, halfTaps } = this;
    // Output n needs input up to floor(n·down/up) + halfTaps.
    const lastComputable = Math.floor(((available - halfTaps - 1) * up) / down);
    const end = Math.min(lastComputable + 1, limit);
    const count = Math.max(0, end - this.nextOut);
    const out = new Float32Array(count);
    for (let o = 0; o < count; o++) {
      const n = this.nextOut + o;
      const num = n * down;
      const i = Math.floor(num / up);
      const phase = num - i * up;
      out[o] = this.sampleAt(i, phase);
    }
    this.nextOut += count;
    // Drop input that no future output needs.
    const keepFrom = Math.floor((this.nextOut * down) / up) - halfTaps + 1;
    const drop = keepFrom - this.historyStart;
    if (drop > 0) {
      this.history = this.history.slice(Math.min(drop, this.history.length));
      this.historyStart += drop;
    }
    return out;
  }

  private sampleAt(i: number, phase: number): number {
    const { halfTaps, history } = this;
    const weights = this.phases?.[phase] ?? this.weightsFor(phase / this.up);
    // Tap k multiplies history[start + k]; taps outside the kept history count as silence, so
    // the loop runs over the overlap only (this is the hot loop: one per tap per output sample).
    const start = i - halfTaps + 1 - this.historyStart;
    const end = Math.min(weights.length, history.length - start);
    let acc = 0;
    for (let k = start < 0 ? -start : 0; k < end; k++)
      acc += (history[start + k] ?? 0) * (weights[k] ?? 0);
    return acc;
  }

  private buildPhases(): Float32Array[] {
    const phases: Float32Array[] = [];
    for (let p = 0; p < this.up; p++) phases.push(this.weightsFor(p / this.up));
    return phases;
  }

  /** Filter taps for an output at fractional offset `frac` ∈ [0, 1) after input sample i. */
  private weightsFor(frac: number): Float32Array {
    const { halfTaps, cutoff } = this;
    const w = new Float32Array(2 * halfTaps);
    let sum = 0;
    for (let k = 0; k < w.length; k++) {
      // Tap k multiplies input i - halfTaps + 1 + k; its distance from the output position:
      const t = frac + halfTaps - 1 - k;
      const x = 2 * cutoff * t;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const win = Math.abs(t) >= halfTaps ? 0 : blackman(t / halfTaps);
      const v = 2 * cutoff * sinc * win;
      w[k] = v;
      sum += v;
    }
    // Unity gain at DC for every phase, whatever the truncation.
    if (sum !== 0) for (let k = 0; k < w.length; k++) w[k] = (w[k] ?? 0) / sum;
    return w;
  }
}

/** Resamples a whole buffer in one call (convenience for files and synthesised speech). */
export function resampleAll(
  input: Float32Array,
  inputRateHz: number,
  outputRateHz: number,
): Float32Array {
  if (inputRateHz === outputRateHz) return input.slice();
  const r = new Resampler({ inputRateHz, outputRateHz });
  const head = r.process(input);
  const tail = r.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}
