/** One sample of a soak: each relay and the shared stores over the last window. */
export interface RelaySample {
  rssMb: number;
  heapMb: number;
  liveMb: number;
  fds: number;
  loopP99Ms: number;
  chunkP99Ms: number;
  /** Sessions it held at the window's end (absent in runs before issue 63, item 7). */
  sessions?: number;
}

export interface Sample {
  atS: number;
  /**
   * In the order of the run's `relayNames`; null for a relay not running over the whole window
   * (killed, or not yet started again).
   */
  relays: (RelaySample | null)[];
  lateChunks: number;
  turns: number;
  turnsFailed: number;
  dbKb: number;
  /** Redis's used memory; null without Redis. */
  redisMb: number | null;
}

/** The figures whose growth the soak judges, per relay, with how to read each from a sample. */
export const RELAY_FIGURES: readonly {
  name: string;
  unit: string;
  of: (r: RelaySample) => number;
}[] = [
  { name: 'RSS', unit: 'MB', of: (r) => r.rssMb },
  { name: 'live memory (after a full GC)', unit: 'MB', of: (r) => r.liveMb },
  { name: 'open file descriptors', unit: '', of: (r) => r.fds },
  { name: 'chunk latency p99', unit: 'ms', of: (r) => r.chunkP99Ms },
  { name: 'event-loop delay p99', unit: 'ms', of: (r) => r.loopP99Ms },
];
