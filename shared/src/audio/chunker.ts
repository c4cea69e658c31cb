import { CHUNK_SAMPLES } from './constants.ts';
import { floatToPcm16 } from './pcm.ts';

/** One fixed-size block of PCM16 audio with its position in the stream. */
export interface PcmChunk {
  /** Sequence number, 0 for the first chunk of the stream, +1 per chunk. */
  seq: number;
  /** PCM16 samples, exactly `chunkSamples` of them. */
  samples: Int16Array;
  /** Absolute index (at the stream's rate) of the chunk's first sample. */
  firstSample: number;
}

/**
 * Reframes float audio of any block size into fixed chunks of PCM16 (default 1,600 samples,
 * 100 ms at 16 kHz), numbering them. Pure: no timers, no I/O.
 */
export class Chunker {
  private readonly chunkSamples: number;
  private pending: Float32Array;
  private filled = 0;
  private seq: number;
  private emittedSamples = 0;
  /** Sequence number of the first chunk. */
  readonly firstSeq: number;

  constructor(options: { chunkSamples?: number; firstSeq?: number } = {}) {
    this.chunkSamples = options.chunkSamples ?? CHUNK_SAMPLES;
    if (!Number.isInteger(this.chunkSamples) || this.chunkSamples <= 0)
      throw new RangeError('chunkSamples must be a positive integer');
    this.pending = new Float32Array(this.chunkSamples);
    this.firstSeq = options.firstSeq ?? 0;
    this.seq = this.firstSeq;
  }

  /** Sequence number the next chunk will get. */
  get nextSeq(): number {
    return this.seq;
  }

  /** Samples held that do not yet fill a chunk. */
  get bufferedSamples(): number {
    return this.filled;
  }

  /** Adds samples; returns the chunks completed by them (possibly none). */
  push(samples: Float32Array): PcmChunk[] {
    const out: PcmChunk[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(this.chunkSamples - this.filled, samples.length - offset);
      this.pending.set(samples.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.chunkSamples) out.push(this.emit());
    }
    return out;
  }

  /** Pads the partial chunk with silence and returns it (or null when nothing is pending). */
  flush(): PcmChunk | null {
    if (this.filled === 0) return null;
    this.pending.fill(0, this.filled);
    this.filled = this.chunkSamples;
    return this.emit();
  }

  private emit(): PcmChunk {
    const chunk: PcmChunk = {
      seq: this.seq++,
      samples: floatToPcm16(this.pending),
      firstSample: this.emittedSamples,
    };
    this.emittedSamples += this.chunkSamples;
    this.filled = 0;
    return chunk;
  }
}
