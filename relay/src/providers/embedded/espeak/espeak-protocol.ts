/**
 * Messages between {@link EspeakTts} (main thread) and `espeak-worker.ts`. Type-only, so the
 * worker bundle pulls nothing else in.
 */

/** `workerData` of an eSpeak NG worker. */
export interface EspeakWorkerData {
  /**
   * One Int32 the main thread sets to the id of the job it gave up on: the running synthesis
   * checks it between its blocks of audio and stops (a synthesis is one blocking call).
   */
  cancelled: SharedArrayBuffer;
}

export interface EspeakJob {
  type: 'synthesize';
  id: number;
  /** Text ready for eSpeak (see `espeak-text.ts`): never empty. */
  text: string;
  /** What eSpeak's `set_voice` takes (a voice of `ESPEAK_VOICES`). */
  voice: string;
  /** Words per minute. */
  wordsPerMinute: number;
}

export type EspeakWorkerReply =
  | { type: 'ready'; sampleRateHz: number }
  /** A block of the job's audio (mono PCM16 at the worker's rate), as eSpeak makes it. */
  | { type: 'audio'; id: number; samples: Int16Array }
  | { type: 'done'; id: number; synthMs: number }
  | { type: 'error'; id: number; message: string };
