import { CHUNK_SAMPLES, SAMPLE_RATE_HZ } from '@parley/shared';

/**
 * Where a 16 kHz stream position sits in wall-clock time and in the uplink's chunk numbering.
 * Capture records each block's (first sample, capture epoch ms); VAD events come back as sample
 * indices; this maps them to `speechStartAtMs` / `firstSeq` and friends. Pure.
 */

/** Sequence number of the chunk holding stream sample `sample`, for a Chunker fed the stream
 * from its sample 0 (chunk `firstSeq` holds samples 0 … chunkSamples − 1). */
export function chunkSeqOfSample(
  sample: number,
  chunkSamples = CHUNK_SAMPLES,
  firstSeq = 0,
): number {
  return firstSeq + Math.floor(Math.max(0, sample) / chunkSamples);
}

export interface StreamTimelineOptions {
  /** Rate of the stream (Hz). Default 16,000. */
  sampleRateHz?: number;
  /** Anchors kept (one per captured block; 600 × 20 ms = 12 s). Default 600. */
  maxAnchors?: number;
}

interface Anchor {
  firstSample: number;
  epochMs: number;
}

export class StreamTimeline {
  private readonly sampleRateHz: number;
  private readonly maxAnchors: number;
  private anchors: Anchor[] = [];

  constructor(options: StreamTimelineOptions = {}) {
    this.sampleRateHz = options.sampleRateHz ?? SAMPLE_RATE_HZ;
    this.maxAnchors = options.maxAnchors ?? 600;
  }

  /** Records that stream sample `firstSample` was captured at `epochMs`. Positions must increase. */
  add(firstSample: number, epochMs: number): void {
    const last = this.anchors.at(-1);
    if (last !== undefined && firstSample <= last.firstSample) return;
    this.anchors.push({ firstSample, epochMs });
    if (this.anchors.length > this.maxAnchors)
      this.anchors.splice(0, this.anchors.length - this.maxAnchors);
  }

  /**
   * Capture time (epoch ms) of stream sample `sample`: from the nearest anchor at or before it
   * (or the oldest one), counting 1/sampleRate per sample. NaN when nothing was recorded.
   */
  epochMsOf(sample: number): number {
    const a = this.anchorFor(sample);
    if (a === undefined) return Number.NaN;
    return a.epochMs + ((sample - a.firstSample) * 1000) / this.sampleRateHz;
  }

  private anchorFor(sample: number): Anchor | undefined {
    // Binary search for the last anchor with firstSample ≤ sample.
    let lo = 0;
    let hi = this.anchors.length - 1;
    let found = this.anchors[0];
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const a = this.anchors[mid];
      if (a === undefined) break;
      if (a.firstSample <= sample) {
        found = a;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
