/** Bounds of what waits for one log reader. */
export interface ReaderLimits {
  /** Lines waiting for the socket beyond this many bytes: the reader is too slow and goes. */
  maxQueuedBytes: number;
  /**
   * While the socket holds more than this many bytes not yet written (`ws.bufferedAmount`),
   * lines wait in the queue instead: the socket never holds more than this plus one batch.
   */
  sendHighWaterBytes: number;
}

/**
 * The lines waiting for one reader, and when they may go (pure: no socket, no clock). The relay
 * never waits for a reader: lines are offered, and a reader whose queue would pass its bound is
 * refused, to be dropped.
 */
export class ReaderQueue {
  private lines: string[] = [];
  private bytes = 0;

  constructor(private readonly limits: ReaderLimits) {}

  get queuedBytes(): number {
    return this.bytes;
  }

  get empty(): boolean {
    return this.lines.length === 0;
  }

  /** Queues a line; false when it would pass `maxQueuedBytes` (nothing is queued then). */
  offer(line: string, bytes: number): boolean {
    if (this.bytes + bytes > this.limits.maxQueuedBytes) return false;
    this.lines.push(line);
    this.bytes += bytes;
    return true;
  }

  /**
   * The batch to send given what the socket still holds (bytes), emptying the queue; null when
   * there is nothing, or the socket is above its high water (the lines wait).
   */
  take(bufferedBytes: number): string[] | null {
    if (this.lines.length === 0 || bufferedBytes > this.limits.sendHighWaterBytes) return null;
    const batch = this.lines;
    this.lines = [];
    this.bytes = 0;
    return batch;
  }

  clear(): void {
    this.lines = [];
    this.bytes = 0;
  }
}
