import type { VadEvent, VadOptions } from './vad.ts';
import type { VadLoadTimings } from './vad-handle.ts';

/** What the page asks of the voice detector's worker (vad-worker.ts). */
export type ToVadWorker =
  | {
      type: 'load';
      /** Absolute URL of the VAD assets' folder (ending in `/`). */
      assetBaseUrl: string;
      options: VadOptions;
      emitFrames: boolean;
      includeAudio: boolean;
    }
  /** 16 kHz samples from stream index `firstSample` (their buffer is transferred). */
  | { type: 'push'; samples: Float32Array; firstSample?: number }
  /** Forget everything; events of earlier epochs are stale. */
  | { type: 'reset'; epoch: number }
  | { type: 'end-segment' }
  | { type: 'options'; update: Partial<VadOptions> }
  | { type: 'close' };

/** What the voice detector's worker tells the page. */
export type FromVadWorker =
  | { type: 'loaded'; timings: Omit<VadLoadTimings, 'importMs'>; settings: VadOptions }
  /** A detector event of the stream since the reset numbered `epoch`. */
  | { type: 'event'; epoch: number; event: VadEvent }
  /** How the model keeps up (sent with events, and twice a second). */
  | { type: 'stats'; framesProcessed: number; maxPendingFrames: number }
  | { type: 'error'; message: string }
  | { type: 'closed' };
