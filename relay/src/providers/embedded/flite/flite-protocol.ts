import type { WasmModule } from './wasm.ts';

/**
 * Messages between {@link FliteTts} (main thread) and `flite-worker.ts`. Type-only, so the worker
 * bundle pulls nothing else in.
 */

/** `workerData` of a Flite worker. */
export interface FliteWorkerData {
  /** The compiled `flite.wasm`; compiled once in the main thread and shared by every worker. */
  module: WasmModule;
}

export interface FliteJob {
  type: 'synthesize';
  id: number;
  /** Already sanitised text: never empty, no control characters (may start with '-'). */
  text: string;
  /** A voice name from `FLITE_VOICES`. */
  voice: string;
  /** Flite's `duration_stretch`: 1 is the voice's pace, 2 twice as slow. */
  durationStretch: number;
}

export type FliteWorkerReply =
  | { type: 'ready' }
  | { type: 'audio'; id: number; samples: Int16Array; sampleRateHz: number; synthMs: number }
  | { type: 'error'; id: number; message: string };
