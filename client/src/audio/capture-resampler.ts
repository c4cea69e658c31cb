import { Resampler, SAMPLE_RATE_HZ } from '@parley/shared';

/**
 * Turns microphone blocks at the AudioContext rate (each tagged with the context frame of its first
 * sample) into a continuous 16 kHz stream with exact positions: every output block says which
 * 16 kHz sample index it starts at and which (fractional) context frame that sample corresponds
 * to. Never assumes a context rate. Pure: no DOM.
 *
 * Output sample n of a run sits at input position n · inputRate / outputRate (the shared Resampler
 * is phase-exact; its filter delay only postpones when a sample comes out, not where it belongs).
 */

export interface CaptureResamplerOptions {
  /** Rate of the incoming blocks (Hz): the AudioContext's `sampleRate`. */
  inputRateHz: number;
  /** Rate of the output stream (Hz). Default 16,000. */
  outputRateHz?: number;
  /** Forward gaps up to this long (s) are filled with silence; longer ones restart. Default 1. */
  maxGapFillSec?: number;
}

/** A block of the output stream. */
export interface ResampledBlock {
  /** Samples at `outputRateHz`. */
  samples: Float32Array;
  /** Index in the output stream of `samples[0]` (0 = first sample of the capture). */
  firstSample: number;
  /** Context frame (fractional) that `samples[0]` corresponds to. */
  firstFrame: number;
}

export class CaptureResampler {
  readonly inputRateHz: number;
  readonly outputRateHz: number;
  private readonly maxGapFillFrames: number;
  private resampler: Resampler;
  /** Context frame of input index 0 of the current run; null before the first block. */
  private runStartFrame: number | null = null;
  /** Output index of the current run's first sample. */
  private runStartSample = 0;
  private runInput = 0;
  private runOutput = 0;
  /** Silence inserted for gaps (input frames). */
  gapFilledFrames = 0;
  /** Times the stream restarted after a large or backward gap. */
  restarts = 0;

  constructor(options: CaptureResamplerOptions) {
    this.inputRateHz = options.inputRateHz;
    this.outputRateHz = options.outputRateHz ?? SAMPLE_RATE_HZ;
    this.maxGapFillFrames = Math.round((options.maxGapFillSec ?? 1) * this.inputRateHz);
    this.resampler = new Resampler({
      inputRateHz: this.inputRateHz,
      outputRateHz: this.outputRateHz,
    });
  }

  /** Index the next output sample will have. */
  get nextSample(): number {
    return this.runStartSample + this.runOutput;
  }

  /** Adds a block whose first sample is context frame `firstFrame`; returns new output, if any. */
  push(samples: Float32Array, firstFrame: number): ResampledBlock | null {
    if (this.runStartFrame === null) this.runStartFrame = firstFrame;
    const expected = this.runStartFrame + this.runInput;
    const gap = firstFrame - expected;
    let prefix: ResampledBlock | null = null;
    if (gap > 0 && gap <= this.maxGapFillFrames) {
      this.gapFilledFrames += gap;
      prefix = this.feed(new Float32Array(gap));
    } else if (gap !== 0) {
      this.restart(firstFrame, gap);
    }
    const block = this.feed(samples);
    return prefix === null ? block : concat(prefix, block);
  }

  private feed(samples: Float32Array): ResampledBlock | null {
    const out = this.resampler.process(samples);
    this.runInput += samples.length;
    if (out.length === 0) return null;
    const runIndex = this.runOutput;
    this.runOutput += out.length;
    return {
      samples: out,
      firstSample: this.runStartSample + runIndex,
      firstFrame: (this.runStartFrame ?? 0) + (runIndex * this.inputRateHz) / this.outputRateHz,
    };
  }

  private restart(firstFrame: number, gapFrames: number): void {
    this.restarts++;
    // Keep output indices proportional to time across the jump (never going backwards).
    const skipped = Math.max(0, Math.round((gapFrames * this.outputRateHz) / this.inputRateHz));
    const end = this.nextSample;
    // Output the run had not yet produced (filter delay) is lost with the old run.
    const produced = (this.runInput * this.outputRateHz) / this.inputRateHz;
    this.runStartSample = Math.max(end, Math.round(this.runStartSample + produced) + skipped);
    this.runStartFrame = firstFrame;
    this.runInput = 0;
    this.runOutput = 0;
    this.resampler = new Resampler({
      inputRateHz: this.inputRateHz,
      outputRateHz: this.outputRateHz,
    });
  }
}

function concat(a: ResampledBlock | null, b: ResampledBlock | null): ResampledBlock | null {
  if (a === null) return b;
  if (b === null) return a;
  const samples = new Float32Array(a.samples.length + b.samples.length);
  samples.set(a.samples, 0);
  samples.set(b.samples, a.samples.length);
  return { samples, firstSample: a.firstSample, firstFrame: a.firstFrame };
}
