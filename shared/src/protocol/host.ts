import { z } from 'zod';

/**
 * A local worker pool of the relay (the embedded recogniser's decoder processes, the embedded
 * voice's synthesis threads) now: how deep its queue is and how busy its workers are.
 */
export const poolStatus = z.strictObject({
  /** `asr`: PocketSphinx decoders; `tts`: Flite threads. */
  pool: z.enum(['asr', 'tts']),
  /** The provider whose pool it is. */
  provider: z.string(),
  /** Workers alive (started or starting). */
  workers: z.number().int(),
  /** Workers serving a request now. */
  busy: z.number().int(),
  /** Most workers at once; null when the pool starts one per request. */
  maxWorkers: z.number().int().nullable(),
  /** Requests waiting for a worker: sentences to speak, utterances behind another. */
  queued: z.number().int(),
  /** Audio waiting to reach a decoder (ms); null for pools that queue no audio. */
  queuedAudioMs: z.number().nullable(),
});
export type PoolStatus = z.infer<typeof poolStatus>;

/** The machine the relay runs on, beside the process's own figures. */
export const hostStats = z.strictObject({
  /** Logical CPUs. */
  cpus: z.number().int(),
  /**
   * Share (0–1) of all CPUs' time spent busy since the previous overview (null on the first);
   * from the kernel's per-CPU counters, every process counted.
   */
  cpuBusy: z.number().nullable(),
  /** 1, 5 and 15 minute load averages (all zeros where the system has none). */
  loadAvg: z.tuple([z.number(), z.number(), z.number()]),
  memTotalBytes: z.number(),
  /** Memory available to new work (Linux: MemAvailable). */
  memFreeBytes: z.number(),
  /** The file system of the data folder (`DATA_DIR`); null when it cannot be read. */
  disk: z
    .strictObject({
      path: z.string(),
      totalBytes: z.number(),
      /** Free to the relay's user (not counting blocks reserved for root). */
      freeBytes: z.number(),
    })
    .nullable(),
});
export type HostStats = z.infer<typeof hostStats>;
