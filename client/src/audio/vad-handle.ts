import type { VadOptions } from './vad-options.ts';

/** Where a detector's load time went (ms): code import, model fetch, onnxruntime + session, first run. */
export interface VadLoadTimings {
  importMs: number;
  modelFetchMs: number;
  sessionMs: number;
  warmUpMs: number;
}

/**
 * What a call does with its voice activity detector, wherever it runs: in a worker of its own
 * ({@link WorkerVad}, the default) or in the page ({@link VoiceActivityDetector}). Events go to
 * the `onEvent` it was loaded with, in stream order.
 */
export interface VadHandle {
  /** Current options. */
  readonly settings: Readonly<VadOptions>;
  /** Time the model took to load (ms). */
  readonly loadMs: number;
  readonly loadTimings: VadLoadTimings | null;
  /** Frames run through the model. */
  readonly framesProcessed: number;
  /** Most frames seen waiting for the model at once (it fell behind real time by that many). */
  readonly maxPendingFrames: number;
  /** Feeds 16 kHz samples whose first sample is stream index `firstSample`. */
  push(samples: Float32Array, firstSample?: number): void;
  /** Drops pending audio and the open segment, silently. */
  reset(): void;
  /** Ends the open speech segment now, as the redemption time would. */
  endSegment(): void;
  /** Changes thresholds or durations; takes effect from the next frame. */
  setOptions(update: Partial<VadOptions>): void;
  /** Stops processing and frees the model. */
  close(): Promise<void>;
}
