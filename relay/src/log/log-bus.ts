import { Buffer } from 'node:buffer';
import {
  CloseCode,
  logLineMatches,
  type LogLineKeys,
  type LogTailFilter,
  type LogTailSubscribed,
} from '@parley/shared';
import { LineRing } from './line-ring.ts';
import { ReaderQueue, type ReaderLimits } from './reader-queue.ts';
import { lineKeys, linesFrame, subscribedFrame } from './tail-frames.ts';

/** Where a reader's frames go: a WebSocket, seen through what the bus needs of it. */
export interface LogSink {
  /** Sends one text frame. */
  send(data: string): void;
  /** Bytes handed to the socket and not yet written out (`ws.bufferedAmount`). */
  bufferedBytes(): number;
  close(code: number, reason: string): void;
}

/** How full a reader's queue and socket were when it was dropped (bytes). */
export interface TooSlowInfo {
  queuedBytes: number;
  bufferedBytes: number;
}

/** One reader of the tail. */
export interface LogReader {
  /** Replaces the filter and sends `log.subscribed` with the recent lines it matches. */
  setFilter(filter: LogTailFilter): void;
  /** Stops receiving (the socket closed); idempotent. */
  unsubscribe(): void;
}

export interface LogBusOptions extends Partial<ReaderLimits> {
  /** Recent lines kept for a new reader (default 200), at most `ringBytes` (default 256 KiB). */
  ringLines?: number;
  ringBytes?: number;
  /** Readers at once (default 8). */
  maxReaders?: number;
  /** How soon a reader whose socket is above its high water is looked at again (ms; 50). */
  congestedRetryMs?: number;
}

export const DEFAULT_READER_LIMITS: Readonly<ReaderLimits> = {
  maxQueuedBytes: 1024 * 1024,
  sendHighWaterBytes: 256 * 1024,
};

/** The message a reader dropped for falling behind is closed with (`CloseCode.TooSlow`). */
export const TOO_SLOW_REASON = 'too slow';

/**
 * Every line the relay's logger writes (a pino destination: `write` is called with each line),
 * fanned out to the readers of the live log tail. The logger never waits for a reader: `write`
 * only keeps the line in a small ring and, when someone reads, parses it once and queues it for
 * each reader it matches. Frames go out on the next turn of the event loop, batched. A reader
 * whose socket does not drain has its lines wait in a bounded queue; past that bound it is
 * dropped (close {@link CloseCode.TooSlow}), never waited for.
 */
export class LogBus {
  private readonly ring: LineRing<{ line: string; bytes: number }>;
  private readonly readers = new Set<Reader>();
  private readonly limits: ReaderLimits;
  private readonly maxReaders: number;
  readonly congestedRetryMs: number;

  constructor(options: LogBusOptions = {}) {
    this.ring = new LineRing(options.ringLines ?? 200, options.ringBytes ?? 256 * 1024);
    this.limits = {
      maxQueuedBytes: options.maxQueuedBytes ?? DEFAULT_READER_LIMITS.maxQueuedBytes,
      sendHighWaterBytes: options.sendHighWaterBytes ?? DEFAULT_READER_LIMITS.sendHighWaterBytes,
    };
    this.maxReaders = options.maxReaders ?? 8;
    this.congestedRetryMs = options.congestedRetryMs ?? 50;
  }

  /** Readers connected now. */
  get readerCount(): number {
    return this.readers.size;
  }

  /** Whether a new reader would be refused. */
  get full(): boolean {
    return this.readers.size >= this.maxReaders;
  }

  /** Takes one line as the logger wrote it (pino: one JSON object and a newline). */
  write(chunk: string): void {
    try {
      const line = chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk;
      if (line === '') return;
      const bytes = Buffer.byteLength(line);
      this.ring.push({ line, bytes });
      if (this.readers.size === 0) return;
      const keys = lineKeys(line);
      if (keys === null) return;
      for (const reader of this.readers) reader.offer(keys, line, bytes);
    } catch {
      // Nothing a reader does may break the logger.
    }
  }

  /**
   * Adds a reader: it is sent `log.subscribed` (with `relayLevel`, the level the relay logs at)
   * and the recent lines `filter` matches, then each new one. Null when {@link full}.
   * `onTooSlow` hears when the reader is dropped for falling behind (after its socket is closed).
   */
  subscribe(
    sink: LogSink,
    filter: LogTailFilter,
    relayLevel: LogTailSubscribed['relayLevel'],
    onTooSlow: (info: TooSlowInfo) => void = () => undefined,
  ): LogReader | null {
    if (this.full) return null;
    const reader = new Reader(this, sink, relayLevel, onTooSlow, this.limits);
    this.readers.add(reader);
    reader.setFilter(filter);
    return reader;
  }

  /** The recent lines `filter` matches, oldest first. */
  backlog(filter: LogTailFilter): string[] {
    return this.ring.toArray().flatMap(({ line }) => {
      const keys = lineKeys(line);
      return keys !== null && logLineMatches(filter, keys) ? [line] : [];
    });
  }

  /** @internal */
  remove(reader: Reader): void {
    this.readers.delete(reader);
  }
}

class Reader implements LogReader {
  private readonly queue: ReaderQueue;
  private filter: LogTailFilter | null = null;
  private gone = false;
  /** Cancels the flush that is due (next turn of the loop, or a retry while congested). */
  private cancelWake: (() => void) | null = null;

  constructor(
    private readonly bus: LogBus,
    private readonly sink: LogSink,
    private readonly relayLevel: LogTailSubscribed['relayLevel'],
    private readonly onTooSlow: (info: TooSlowInfo) => void,
    private readonly limits: ReaderLimits,
  ) {
    this.queue = new ReaderQueue(limits);
  }

  setFilter(filter: LogTailFilter): void {
    if (this.gone) return;
    // A reader not draining its socket does not get a backlog on top of it.
    if (this.sink.bufferedBytes() > this.limits.sendHighWaterBytes) {
      this.drop();
      return;
    }
    this.filter = filter;
    // Queued lines were chosen by the old filter; the backlog has those the new one matches.
    this.queue.clear();
    this.sink.send(
      subscribedFrame(
        { type: 'log.subscribed', filter, relayLevel: this.relayLevel },
        this.bus.backlog(filter),
      ),
    );
  }

  offer(keys: LogLineKeys, line: string, bytes: number): void {
    if (this.gone || this.filter === null || !logLineMatches(this.filter, keys)) return;
    if (!this.queue.offer(line, bytes)) {
      this.drop();
      return;
    }
    if (this.cancelWake === null) this.wake(0);
  }

  unsubscribe(): void {
    this.gone = true;
    this.bus.remove(this);
    this.queue.clear();
    this.cancelWake?.();
    this.cancelWake = null;
  }

  /** Flushes on the next turn of the event loop (`afterMs` 0), or after `afterMs`. */
  private wake(afterMs: number): void {
    if (afterMs === 0) {
      const immediate = setImmediate(() => this.flush());
      this.cancelWake = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => this.flush(), afterMs);
      timer.unref();
      this.cancelWake = () => clearTimeout(timer);
    }
  }

  private flush(): void {
    this.cancelWake = null;
    if (this.gone) return;
    try {
      const batch = this.queue.take(this.sink.bufferedBytes());
      if (batch !== null) this.sink.send(linesFrame(batch));
      else if (!this.queue.empty) this.wake(this.bus.congestedRetryMs);
    } catch {
      // A socket that throws is gone; this runs on a timer, where a throw would end the relay.
      this.unsubscribe();
    }
  }

  /** Drops a reader that fell behind: it stops receiving now, its socket closes soon. */
  private drop(): void {
    const info = { queuedBytes: this.queue.queuedBytes, bufferedBytes: this.sink.bufferedBytes() };
    this.unsubscribe();
    // Not from inside the logger's write: closing and reporting may log.
    setImmediate(() => {
      this.sink.close(CloseCode.TooSlow, TOO_SLOW_REASON);
      this.onTooSlow(info);
    });
  }
}
