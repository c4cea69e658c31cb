/** One sample of a soak: each relay and the shared stores over the last window. */
export interface RelaySample {
  rssMb: number;
  heapMb: number;
  liveMb: number;
  fds: number;
  loopP99Ms: number;
  chunkP99Ms: number;
}

export interface Sample {
  atS: number;
  /** In the target's order of relays. */
  relays: RelaySample[];
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
