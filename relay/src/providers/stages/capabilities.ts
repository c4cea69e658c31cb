import type { RelayWarning } from '@parley/shared';

/**
 * What some providers can do beyond their stage's interface, asked for by name
 * (`AsrProvider.capability`, `TtsProvider.capability`): the embedded engines' pools of the
 * relay's own workers, and the warning of an engine that serves without what it was asked for.
 * A stage's interface stays what every provider of it does; a provider that calls a service
 * has none of these.
 */
export interface ProviderCapabilities {
  /** A provider that works in a pool of the relay's own workers (decoders, synthesis threads). */
  pool: WorkerPool;
  /** A provider that may serve without what it was asked for (Moonshine's model not loaded). */
  warning: ServingWarning;
}

/** A pool of the relay's own workers. */
export interface WorkerPool {
  /** What it is doing now. */
  stats(): WorkerPoolStats;
}

/** What a provider serves without though it was asked for it. */
export interface ServingWarning {
  /** The warning now (`/ready`, the settings); null: it serves as asked. */
  now(): RelayWarning | null;
}

/**
 * What a provider that works in a local pool of workers (decoder processes, synthesis threads)
 * is doing now; providers that call a service have none.
 */
export interface WorkerPoolStats {
  /** Workers alive (started or starting). */
  workers: number;
  /** Workers serving a request now. */
  busy: number;
  /** Most workers the pool runs at once; null when it starts one per request. */
  maxWorkers: number | null;
  /** Requests waiting for a worker (sentences to speak; utterances waiting behind another). */
  queued: number;
  /** Audio waiting to reach a decoder (ms); null for pools that queue no audio. */
  queuedAudioMs: number | null;
}
