import type { ReadPriority } from './read-schedule.ts';

/** Who a read is for and what it is for (see ReadSchedule). */
export interface ReadAsk {
  /** Whose words (the user id). */
  owner: string;
  /** Which utterance of theirs. */
  stream: number;
  priority: ReadPriority;
}

/** A read asked of the pool: its text, and what its asker can still change while it waits. */
export interface PoolRead {
  /** The text; rejects with {@link ReadNotRun} where the queue did not run it. */
  readonly done: Promise<string>;
  /** Whether it still waits for a worker. */
  waiting(): boolean;
  /** An answer now waits on it: a partial becomes a final. */
  promote(): void;
  /** Given up: taken off the queue if it still waits (`done` rejects). A running read runs on. */
  withdraw(): void;
}

/** What a Moonshine stream reads its audio with: the worker pool. */
export interface MoonshineReader {
  /** Reads `audio` (mono, 16 kHz, in [-1, 1]) when the schedule gives it a worker. */
  read(audio: Float32Array, ask: ReadAsk): PoolRead;
}

/**
 * A read the relay's own queue did not run — never the model's failure: `refused` (its user's
 * waiting audio was at the cap), `dropped` (a partial, to make room for their newer reads),
 * `shed` (a final that waited past its limit), `withdrawn` (its asker gave it up).
 */
export class ReadNotRun extends Error {
  override name = 'ReadNotRun';
  constructor(readonly reason: 'refused' | 'dropped' | 'shed' | 'withdrawn') {
    super(`moonshine: a read was ${reason} by the relay's queue`);
  }
}
