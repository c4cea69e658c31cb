import type { SileroLoadTimings } from './silero-model.ts';

/** What the page asks of the VAD's worker (the model runs there, off the page's thread). */
export type ToSileroWorker =
  /** Load Silero v5 from `assetBaseUrl` (the absolute URL of the VAD assets' folder). */
  | { type: 'load'; assetBaseUrl: string }
  /** One 512-sample frame (its buffer is transferred); answered in order. */
  | { type: 'process'; frame: Float32Array }
  | { type: 'reset' }
  | { type: 'release' };

/** What the VAD's worker answers, in the order it was asked. */
export type FromSileroWorker =
  | { type: 'loaded'; timings: SileroLoadTimings }
  | { type: 'probability'; value: number }
  | { type: 'released' }
  | { type: 'failed'; message: string };
