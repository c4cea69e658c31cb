import type { AsrCoverage, AsrResult } from '../../stages/asr.ts';

/** What a `Results` message says of the audio it transcribes. */
export interface ResultSpan {
  /** Where its audio starts and how long it is (s), Deepgram's `start` and `duration`. */
  start?: number | undefined;
  duration?: number | undefined;
  /** Deepgram found an endpoint (`speech_final`), or flushed on `Finalize` (`from_finalize`). */
  endpoint: boolean;
}

interface Waiter {
  ms: number;
  /** Endpoints heard when the reading was asked for: a later one closes the words. */
  endpoints: number;
  timer: NodeJS.Timeout;
  resolve(): void;
}

/**
 * How far a Deepgram stream's results reach into its audio, and the readings waiting for them to
 * reach a point (see {@link AsrCoverage}). `read` says the words so far when a reading is due.
 */
export class DeepgramCoverage implements AsrCoverage {
  private reachedMs = 0;
  private endpoints = 0;
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  constructor(private readonly read: () => AsrResult) {}

  coveredMs(): number {
    return this.reachedMs;
  }

  /** A `Results` message came (after the stream took its words). */
  heard(span: ResultSpan): void {
    if (span.start !== undefined && span.duration !== undefined)
      this.reachedMs = Math.max(this.reachedMs, (span.start + span.duration) * 1000);
    if (span.endpoint) this.endpoints++;
    for (const w of this.waiters)
      if (this.reachedMs >= w.ms || this.endpoints > w.endpoints) this.settle(w);
  }

  reading(ms: number, waitMs: number): Promise<AsrResult> {
    if (this.closed || this.reachedMs >= ms) return Promise.resolve(this.read());
    return new Promise<AsrResult>((resolve) => {
      const waiter: Waiter = {
        ms,
        endpoints: this.endpoints,
        timer: setTimeout(() => this.settle(waiter), waitMs),
        resolve: () => resolve(this.read()),
      };
      this.waiters.add(waiter);
    });
  }

  /** The stream is done (settled, failed, aborted): every reading waiting is given its words. */
  close(): void {
    this.closed = true;
    for (const w of this.waiters) this.settle(w);
  }

  private settle(w: Waiter): void {
    if (!this.waiters.delete(w)) return;
    clearTimeout(w.timer);
    w.resolve();
  }
}
