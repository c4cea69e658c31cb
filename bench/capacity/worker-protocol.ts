/** What a load worker is given (its `workerData`). */
export interface WorkerInit {
  wsUrl: string;
  /** Bearer tokens, one per simulated client (one user each). */
  tokens: string[];
  /** Reply audio rate the clients ask for (Hz). */
  outputSampleRateHz: number | 'native';
  /** How audio travels: PCM16, or Opus both ways (the clients encode and decode it). */
  codec: 'pcm16' | 'opus';
  /** Client connections opened at once while ramping up. */
  connectConcurrency: number;
  /** Random seed, so runs draw the same turn lengths and pauses. */
  seed: number;
}

/** What one worker's talkers did in a measurement window. */
export interface WorkerWindow {
  /** Client-observed: `utterance.end` sent → first reply audio frame received (ms). */
  eosToAudioMs: number[];
  /** The same turns in the relay: `utterance.end` received → first reply audio sent (ms). */
  relayEosToAudioMs: number[];
  turnsCompleted: number;
  /** Turns that ended with another status than `completed`, or never ended (30 s). */
  turnsFailed: number;
  /** `error` messages received, by code. */
  errors: Record<string, number>;
  chunksSent: number;
  /** Average number of talkers streaming microphone audio at once. */
  streamsAvg: number;
  /** This worker's own event-loop delay p99 (ms): a late load generator shows here. */
  generatorDelayP99Ms: number;
}

/** Counters since the worker started. */
export interface WorkerTotals {
  chunksSent: number;
  /** Chunks the client's journal had to drop (it overflowed while the relay did not ack). */
  lostChunks: number;
  /** Sockets reopened after the first (the connection was lost and resumed). */
  reconnects: number;
  /** Clients whose session was resumed at least once (on its relay, or another one). */
  resumed: number;
  /** Clients whose connection ended for good. */
  offline: number;
}

export type ToWorker =
  { type: 'window.start' } | { type: 'window.end' } | { type: 'stop' } | { type: 'close' };

export type FromWorker =
  | { type: 'connected'; ok: number; failed: number; failures: string[] }
  | { type: 'window'; window: WorkerWindow }
  | { type: 'stopped'; totals: WorkerTotals }
  | { type: 'closed' };
