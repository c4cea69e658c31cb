import type { PlaybackToMain, TurnCounters } from './worklet-messages.ts';

/**
 * The playback worklet's queue and counters, as a plain class: it fills output blocks from queued
 * buffers, fades out on `stop`, counts what it actually renders per turn and says when it starts a
 * turn, when it runs dry and when a stop completes. Time is counted in context frames; the caller
 * passes the frame of each output block. Pure: no DOM, no timers.
 */

/** Absolute level above which a rendered sample counts as non-silent. */
export const NON_SILENT_THRESHOLD = 1e-4;

export interface PlaybackQueueOptions {
  /** Context sample rate (Hz), to report `contextTimeSec`. */
  sampleRateHz: number;
  /** Frames between `stats` events while counters change. */
  statsIntervalFrames: number;
  /** Frames of the linear fade-out applied by `stop` (0 = cut). */
  stopRampFrames: number;
  /** Turns whose counters are remembered (oldest forgotten first). Default 64. */
  maxTrackedTurns?: number;
}

/** One queued buffer of mono audio at the context rate. */
export interface PlaybackBuffer {
  bufferId: number;
  turnId: number;
  samples: Float32Array;
  /** Position of `samples[0]` in the turn (samples). */
  startSample: number;
}

export type PlaybackEvent = PlaybackToMain;

/** A list of buffers read front to back. */
class BufferList {
  buffers: PlaybackBuffer[] = [];
  /** Samples already read from `buffers[0]`. */
  offset = 0;

  get samples(): number {
    let n = 0;
    for (const b of this.buffers) n += b.samples.length;
    return n - this.offset;
  }

  /** The buffer the next sample comes from, skipping exhausted ones; null when empty. */
  head(onDone: (b: PlaybackBuffer) => void): PlaybackBuffer | null {
    for (;;) {
      const b = this.buffers[0];
      if (b === undefined) return null;
      if (this.offset < b.samples.length) return b;
      this.buffers.shift();
      this.offset = 0;
      onDone(b);
    }
  }
}

export class PlaybackQueue {
  private readonly sampleRateHz: number;
  private readonly statsIntervalFrames: number;
  private readonly stopRampFrames: number;
  private readonly maxTrackedTurns: number;
  private readonly queue = new BufferList();
  /** Audio being faded out by `stop`; dropped when the fade ends. */
  private fading: { list: BufferList; remaining: number } | null = null;
  private readonly counters = new Map<number, TurnCounters>();
  private readonly started = new Set<number>();
  private readonly dirty = new Set<number>();
  private framesSinceStats = 0;
  /** Highest bufferId played to its end or dropped. */
  private settledBufferId = -1;
  /** Context frame just after the last rendered block. */
  private frame = 0;
  /** Something was played since the last `drained`. */
  private active = false;
  private lastTurnId = -1;
  private lastPlayedEndFrame = 0;

  constructor(options: PlaybackQueueOptions) {
    this.sampleRateHz = options.sampleRateHz;
    this.statsIntervalFrames = Math.max(1, Math.round(options.statsIntervalFrames));
    this.stopRampFrames = Math.max(0, Math.round(options.stopRampFrames));
    this.maxTrackedTurns = options.maxTrackedTurns ?? 64;
  }

  /** Samples queued and not yet played (fading audio excluded). */
  get queuedSamples(): number {
    return this.queue.samples;
  }

  /** Counters of a turn (zeros when unknown). */
  countersOf(turnId: number): TurnCounters {
    return { ...(this.counters.get(turnId) ?? { turnId, playedSamples: 0, nonSilentSamples: 0 }) };
  }

  enqueue(buffer: PlaybackBuffer): void {
    if (buffer.samples.length === 0) {
      this.settle(buffer);
      return;
    }
    this.queue.buffers.push(buffer);
  }

  /**
   * Fades out what is queued now over `stopRampFrames`, then drops it; audio enqueued after this
   * call plays normally once the fade ends. Returns events when nothing was queued.
   */
  stop(): PlaybackEvent[] {
    if (this.queue.buffers.length === 0) {
      if (this.fading !== null) return [];
      return [...this.flushStats(), this.stoppedEvent(0)];
    }
    if (this.fading === null) {
      this.fading = { list: new BufferList(), remaining: this.stopRampFrames };
      this.fading.list.offset = this.queue.offset;
    }
    // While a fade runs nothing is read from `queue`, so its offset is 0 unless the fade just began.
    this.fading.list.buffers.push(...this.queue.buffers);
    this.queue.buffers = [];
    this.queue.offset = 0;
    if (this.fading.remaining === 0) return this.endFade();
    return [];
  }

  /** Drops everything queued or fading, at once. */
  clear(): PlaybackEvent[] {
    let dropped = this.queue.samples;
    for (const b of this.queue.buffers) this.settle(b);
    this.queue.buffers = [];
    this.queue.offset = 0;
    if (this.fading !== null) {
      dropped += this.fading.list.samples;
      for (const b of this.fading.list.buffers) this.settle(b);
      this.fading = null;
    }
    this.active = false;
    return [...this.flushStats(), this.stoppedEvent(dropped)];
  }

  /**
   * Fills `out` (one render quantum) with queued audio or silence. `firstFrame` is the context
   * frame of `out[0]` (`currentFrame` in the worklet).
   */
  render(out: Float32Array, firstFrame: number): PlaybackEvent[] {
    const events: PlaybackEvent[] = [];
    const settle = (b: PlaybackBuffer): void => this.settle(b);
    for (let i = 0; i < out.length; i++) {
      let value = 0;
      const fading = this.fading;
      if (fading !== null) {
        const b = fading.list.head(settle);
        if (b === null || fading.remaining <= 0) {
          events.push(...this.endFade(firstFrame + i));
          i--; // render this sample from the main queue
          continue;
        }
        const gain = (fading.remaining - 1) / this.stopRampFrames;
        value = (b.samples[fading.list.offset] ?? 0) * gain;
        this.count(b, fading.list.offset, value, firstFrame + i, events);
        fading.list.offset++;
        fading.remaining--;
        this.lastPlayedEndFrame = firstFrame + i + 1;
      } else {
        const b = this.queue.head(settle);
        if (b !== null) {
          value = b.samples[this.queue.offset] ?? 0;
          this.count(b, this.queue.offset, value, firstFrame + i, events);
          this.queue.offset++;
          this.lastPlayedEndFrame = firstFrame + i + 1;
        }
      }
      out[i] = value;
    }
    this.frame = firstFrame + out.length;
    if (
      this.fading !== null &&
      (this.fading.remaining <= 0 || this.fading.list.head(settle) === null)
    ) {
      events.push(...this.endFade(this.frame));
    }
    // Settle buffers played to their end.
    this.queue.head(settle);
    this.framesSinceStats += out.length;
    if (this.framesSinceStats >= this.statsIntervalFrames) events.push(...this.flushStats());
    if (this.active && this.fading === null && this.queue.buffers.length === 0) {
      this.active = false;
      events.push(...this.flushStats(), {
        type: 'drained',
        frame: this.lastPlayedEndFrame,
        turnId: this.lastTurnId,
        lastBufferId: this.settledBufferId,
      });
    }
    return events;
  }

  private count(
    b: PlaybackBuffer,
    offset: number,
    value: number,
    frame: number,
    events: PlaybackEvent[],
  ): void {
    let c = this.counters.get(b.turnId);
    if (c === undefined) {
      c = { turnId: b.turnId, playedSamples: 0, nonSilentSamples: 0 };
      this.counters.set(b.turnId, c);
      this.forgetOldTurns();
    }
    c.playedSamples++;
    if (Math.abs(value) > NON_SILENT_THRESHOLD) c.nonSilentSamples++;
    this.dirty.add(b.turnId);
    this.active = true;
    this.lastTurnId = b.turnId;
    if (!this.started.has(b.turnId)) {
      this.started.add(b.turnId);
      events.push({
        type: 'firstSample',
        turnId: b.turnId,
        frame,
        contextTimeSec: frame / this.sampleRateHz,
        startSample: b.startSample + offset,
      });
    }
  }

  private endFade(frame = this.frame): PlaybackEvent[] {
    const fading = this.fading;
    if (fading === null) return [];
    const dropped = fading.list.samples;
    for (const b of fading.list.buffers) this.settle(b);
    this.fading = null;
    this.active = false;
    return [...this.flushStats(), this.stoppedEvent(dropped, frame)];
  }

  private stoppedEvent(droppedSamples: number, frame = this.frame): PlaybackEvent {
    return { type: 'stopped', frame, droppedSamples, lastBufferId: this.settledBufferId };
  }

  private flushStats(): PlaybackEvent[] {
    this.framesSinceStats = 0;
    if (this.dirty.size === 0) return [];
    const turns: TurnCounters[] = [];
    for (const id of this.dirty) turns.push(this.countersOf(id));
    this.dirty.clear();
    return [{ type: 'stats', frame: this.frame, turns }];
  }

  private settle(b: PlaybackBuffer): void {
    if (b.bufferId > this.settledBufferId) this.settledBufferId = b.bufferId;
  }

  private forgetOldTurns(): void {
    while (this.counters.size > this.maxTrackedTurns) {
      const oldest = this.counters.keys().next();
      if (oldest.done === true) return;
      this.counters.delete(oldest.value);
      this.started.delete(oldest.value);
      this.dirty.delete(oldest.value);
    }
  }
}
