/**
 * Finds where speech really ended, to the sample, near the VAD's estimate. The VAD decides on
 * 32 ms frames and its probability lingers (or drops early) around the last word; the timeline
 * wants the last sample of speech, so it looks for the last sample louder than a threshold just
 * above the room's noise floor (never below -50 dBFS). Pure: fed the captured audio.
 */
export interface SpeechEndOptions {
  /** Audio kept (samples). Default 2 s at 16 kHz. */
  keepSamples?: number;
  /** The lowest threshold (dBFS). Default -50. */
  floorDb?: number;
  /** Threshold above the noise floor (dB). Default 10. */
  marginDb?: number;
}

export class SpeechEndRefiner {
  private readonly keep: number;
  private readonly floorDb: number;
  private readonly marginDb: number;
  private buffer: Float32Array;
  /** Stream index of `buffer[0]`. */
  private start = 0;
  private length = 0;
  private readonly levels: number[] = [];

  constructor(options: SpeechEndOptions = {}) {
    this.keep = options.keepSamples ?? 32_000;
    this.floorDb = options.floorDb ?? -50;
    this.marginDb = options.marginDb ?? 10;
    this.buffer = new Float32Array(this.keep * 2);
  }

  /** Captured audio starting at stream sample `firstSample`, with its block level (dBFS). */
  push(samples: Float32Array, firstSample: number, levelDb: number): void {
    if (this.length > 0 && firstSample !== this.start + this.length) {
      // A gap (the capture restarted): start over.
      this.length = 0;
    }
    if (this.length === 0) this.start = firstSample;
    if (this.length + samples.length > this.buffer.length) {
      const drop = this.length + samples.length - this.keep;
      this.buffer.copyWithin(0, drop, this.length);
      this.length -= drop;
      this.start += drop;
    }
    this.buffer.set(samples, this.length);
    this.length += samples.length;
    if (!Number.isNaN(levelDb)) this.levels.push(Math.max(-120, levelDb));
    if (this.levels.length > 150) this.levels.shift();
  }

  /** The noise floor: the quietest tenth of recent blocks (dBFS), or -∞ in digital silence. */
  get noiseFloorDb(): number {
    if (this.levels.length === 0) return Number.NEGATIVE_INFINITY;
    const sorted = [...this.levels].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length * 0.1)] ?? Number.NEGATIVE_INFINITY;
  }

  /**
   * A copy of the audio kept from `count` samples before `endSample` up to it (less where less
   * is kept), or null when none of it is: what the voice did before a pause.
   */
  before(endSample: number, count: number): Float32Array | null {
    const to = Math.min(this.start + this.length, endSample);
    const from = Math.max(this.start, endSample - count);
    if (to <= from) return null;
    return this.buffer.slice(from - this.start, to - this.start);
  }

  /** Quieter than this is no speech (dBFS): just above the room's noise floor, never below the floor. */
  get quietDb(): number {
    return Math.max(this.floorDb, this.noiseFloorDb + this.marginDb);
  }

  /**
   * The stream sample just after the last loud sample in [vadEnd − back, vadEnd + ahead], or
   * `vadEndSample` when the audio there is not kept or nothing in it is loud.
   */
  refine(vadEndSample: number, back = 8_000, ahead = 4_800): number {
    const amp = 10 ** (this.quietDb / 20);
    const from = Math.max(this.start, vadEndSample - back);
    const to = Math.min(this.start + this.length, vadEndSample + ahead);
    for (let i = to - 1; i >= from; i--) {
      if (Math.abs(this.buffer[i - this.start] ?? 0) >= amp) return i + 1;
    }
    return vadEndSample;
  }
}
