/**
 * What some providers of every stage have beyond their stage's interface: the embedded engines'
 * pools of the relay's own workers. A provider that calls a service has none.
 */

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
