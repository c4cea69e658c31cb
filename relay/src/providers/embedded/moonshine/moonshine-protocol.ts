/**
 * Messages between {@link MoonshineWorker} (main thread) and `moonshine-worker.ts`. Type-only,
 * so the worker bundle pulls nothing else in.
 */

/** What a worker is started with. */
export interface MoonshineWorkerData {
  /** The model's folder; absent: the installed npm package's (see moonshineModelDir). */
  modelDir?: string;
  /** The runtime asked for (see MoonshineRuntimeName); absent: `native`. */
  runtime?: 'native' | 'wasm';
}

export type MoonshineJob =
  | {
      type: 'transcribe';
      id: number;
      /** Mono, 16 kHz, in [-1, 1]: the speech alone (see speechToRead). */
      audio: Float32Array;
    }
  /**
   * Release the model once the reads running are over, then exit: onnxruntime-node's binding
   * ends the whole process when its thread is terminated under a running read.
   */
  | { type: 'close' };

export type MoonshineWorkerReply =
  | {
      type: 'ready';
      loadMs: number;
      /** The runtime the model runs on. */
      runtime: 'native' | 'wasm';
      /** Why onnxruntime-node could not be loaded, where it was asked for. */
      nativeError?: string;
    }
  | { type: 'text'; id: number; text: string; ms: number }
  | { type: 'error'; id: number | null; message: string };
