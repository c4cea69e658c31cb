import { BufferList, type PlaybackBuffer } from './buffer-list.ts';
import { rampFrames, step, type Ramp } from './gain-ramp.ts';
import { TurnPlayCounts } from './turn-play-counts.ts';
import type { PlaybackToMain, TurnCounters } from './worklet-messages.ts';

/**
 * The playback worklet's queue and counters, as a plain class: it fills output blocks from queued
 * buffers, fades out on `stop`, fades out and holds on `pause`, fades back in on `resume`, counts
 * what it actually renders per turn and says when it starts a turn, when it runs dry, when a pause
 * takes effect and when a stop completes. Time is counted in context frames; the caller passes the
 * frame of each output block. Pure: no DOM, no timers.
 *
 * Ramps are linear in gain. A fade-out over N frames plays N samples at gains (N−1)/N … 1/N, 0;
 * a fade-in over M frames plays M samples at 1/M … M/M. Every sample a ramp plays counts as
 * played: a pause consumes exactly the samples it faded and `resume` continues with the next one,
 * so nothing is lost or repeated. A ramp that starts part-way (pause during a fade-in, stop during
 * a pause's fade) keeps the same slope from the current gain, so the output never jumps.
 */

export interface PlaybackQueueOptions {
  /** Context sample rate (Hz), to report `contextTimeSec`. */
  sampleRateHz: number;
  /** Frames between `stats` events while counters change. */
  statsIntervalFrames: number;
  /** Frames of the linear fade-out applied by `stop` (0 = cut). */
  stopRampFrames: number;
  /** Frames of the linear fade-out applied by `pause` (0 = cut). Default `stopRampFrames`. */
  pauseRampFrames?: number;
  /** Frames of the linear fade-in applied by `resume` (0 = none). Default `pauseRampFrames`. */
  resumeRampFrames?: number;
  /** Turns whose counters are remembered (oldest forgotten first). Default 64. */
  maxTrackedTurns?: number;
}

export type { PlaybackBuffer } from './buffer-list.ts';

export type PlaybackEvent = PlaybackToMain;

/**
 * Where the queue stands with respect to pause / resume: `pausing` and `resuming` are the fades,
 * `paused` holds the queue (silence out, nothing consumed).
 */
export type PauseState = 'playing' | 'pausing' | 'paused' | 'resuming';

export class PlaybackQueue {
  private readonly sampleRateHz: number;
  private readonly statsIntervalFrames: number;
  private readonly stopRampFrames: number;
  private readonly pauseRampFrames: number;
  private readonly resumeRampFrames: number;
  private readonly queue = new BufferList();
  /** Audio being faded out by `stop`; dropped when the fade ends. */
  private fading: {
    list: BufferList;
    ramp: Ramp;
    /** Samples dropped at once by requests merged into this fade. */
    droppedSamples: number;
    cutTurnId: number;
  } | null = null;
  private readonly counts: TurnPlayCounts;
  private framesSinceStats = 0;
  /** Highest bufferId played to its end or dropped. */
  private settledBufferId = -1;
  /** Context frame just after the last rendered block. */
  private frame = 0;
  /** Something was played since the last `drained` (or stop). */
  private active = false;
  private lastTurnId = -1;
  private lastPlayedEndFrame = 0;
  // Pause / resume of `queue`: `gain` applies to its samples; `ramp` moves it during a fade.
  private state: PauseState = 'playing';
  private gain = 1;
  private ramp: Ramp | null = null;
  /** Frame from which the current pause is silent. */
  private pausedFrame = 0;
  /** Paused during a stop fade: the `paused` event is due when that fade ends. */
  private pausedEventDue = false;
  private pauseRequestId = 0;
  private stopRequestId = 0;
  private readonly settleBuffer = (b: PlaybackBuffer): void => {
    if (b.bufferId > this.settledBufferId) this.settledBufferId = b.bufferId;
  };

  constructor(options: PlaybackQueueOptions) {
    this.sampleRateHz = options.sampleRateHz;
    this.statsIntervalFrames = Math.max(1, Math.round(options.statsIntervalFrames));
    this.stopRampFrames = Math.max(0, Math.round(options.stopRampFrames));
    this.pauseRampFrames = Math.max(0, Math.round(options.pauseRampFrames ?? this.stopRampFrames));
    this.resumeRampFrames = Math.max(
      0,
      Math.round(options.resumeRampFrames ?? this.pauseRampFrames),
    );
    this.counts = new TurnPlayCounts(options.maxTrackedTurns ?? 64);
  }

  /** Samples queued and not yet played (fading audio excluded; held audio included). */
  get queuedSamples(): number {
    return this.queue.samples;
  }

  /** Pause state of the queue. */
  get pauseState(): PauseState {
    return this.state;
  }

  /** Counters of a turn (zeros when unknown). */
  countersOf(turnId: number): TurnCounters {
    return this.counts.of(turnId);
  }

  /** Queues a buffer; while paused it is held with the rest. */
  enqueue(buffer: PlaybackBuffer): void {
    if (buffer.samples.length === 0) {
      this.settleBuffer(buffer);
      return;
    }
    this.queue.buffers.push(buffer);
  }

  /**
   * Fades out over `pauseRampFrames` (from the current gain), then holds the queue. Returns the
   * `stats` + `paused` events when the pause takes effect at once (nothing audible, no ramp, or
   * already paused); otherwise they come from `render` when the fade ends. `requestId` is echoed.
   */
  pause(requestId = 0): PlaybackEvent[] {
    this.pauseRequestId = Math.max(this.pauseRequestId, requestId);
    switch (this.state) {
      case 'pausing':
        return [];
      case 'paused':
        return this.pausedEventDue ? [] : [...this.flushStats(), this.pausedEvent(null)];
      case 'playing':
      case 'resuming': {
        if (!this.queueAudible()) {
          this.enterPaused(this.frame);
          // During a stop's fade the output is silent only when that fade ends.
          if (this.fading !== null) {
            this.pausedEventDue = true;
            return [];
          }
          return [...this.flushStats(), this.pausedEvent(null)];
        }
        const frames = rampFrames(this.gain, this.pauseRampFrames);
        if (frames === 0) {
          this.enterPaused(this.frame);
          return [...this.flushStats(), this.pausedEvent(this.lastTurnId)];
        }
        this.state = 'pausing';
        this.ramp = { from: this.gain, to: 0, frames, done: 0 };
        return [];
      }
    }
  }

  /**
   * Ends a pause (or reverses a pause's fade): continues with the next held sample, fading in over
   * `resumeRampFrames` from the current gain. Returns a `resumed` event; nothing when not paused.
   */
  resume(): PlaybackEvent[] {
    if (this.state === 'playing' || this.state === 'resuming') return [];
    this.pausedEventDue = false;
    const frames = rampFrames(1 - this.gain, this.resumeRampFrames);
    if (frames === 0) {
      this.state = 'playing';
      this.gain = 1;
      this.ramp = null;
    } else {
      this.state = 'resuming';
      this.ramp = { from: this.gain, to: 1, frames, done: 0 };
    }
    return [{ type: 'resumed', frame: this.frame }];
  }

  /**
   * Fades out what is audible now over `stopRampFrames` (from the current gain), then drops it
   * and everything queued with it; drops at once what is not audible (paused, not started yet).
   * Ends a pause: audio enqueued after this call plays normally once the fade ends. Returns the
   * `stats` + `stopped` events when nothing needs a fade; otherwise `render` emits them.
   */
  stop(requestId = 0): PlaybackEvent[] {
    this.stopRequestId = Math.max(this.stopRequestId, requestId);
    const audible = this.queueAudible();
    const gain = this.gain;
    this.endPause();
    const frames = audible ? rampFrames(gain, this.stopRampFrames) : 0;
    if (frames === 0) {
      const dropped = this.queue.drop(this.settleBuffer);
      if (this.fading !== null) {
        // The running fade's `stopped` answers this request too.
        this.fading.droppedSamples += dropped;
        return [];
      }
      this.active = false;
      return [
        ...this.flushStats(),
        this.stoppedEvent(dropped, this.frame, audible ? this.lastTurnId : null),
      ];
    }
    const list = new BufferList();
    list.buffers = this.queue.buffers;
    list.offset = this.queue.offset;
    this.queue.buffers = [];
    this.queue.offset = 0;
    this.fading = {
      list,
      ramp: { from: gain, to: 0, frames, done: 0 },
      droppedSamples: 0,
      cutTurnId: this.lastTurnId,
    };
    return [];
  }

  /** Drops everything queued, held or fading, at once. Ends a pause. */
  clear(requestId = 0): PlaybackEvent[] {
    this.stopRequestId = Math.max(this.stopRequestId, requestId);
    const cutTurnId = this.fading?.cutTurnId ?? (this.queueAudible() ? this.lastTurnId : null);
    let dropped = this.queue.drop(this.settleBuffer);
    if (this.fading !== null) {
      dropped += this.fading.list.drop(this.settleBuffer) + this.fading.droppedSamples;
      this.fading = null;
    }
    this.endPause();
    this.active = false;
    return [...this.flushStats(), this.stoppedEvent(dropped, this.frame, cutTurnId)];
  }

  /**
   * Fills `out` (one render quantum) with queued audio or silence. `firstFrame` is the context
   * frame of `out[0]` (`currentFrame` in the worklet).
   */
  render(out: Float32Array, firstFrame: number): PlaybackEvent[] {
    const events: PlaybackEvent[] = [];
    for (let i = 0; i < out.length; i++) {
      const frame = firstFrame + i;
      out[i] =
        this.fading !== null ? this.renderFade(frame, events) : this.renderQueue(frame, events);
    }
    this.frame = firstFrame + out.length;
    // Settle buffers played to their end.
    this.queue.head(this.settleBuffer);
    this.framesSinceStats += out.length;
    if (this.framesSinceStats >= this.statsIntervalFrames) events.push(...this.flushStats());
    const running = this.state === 'playing' || this.state === 'resuming';
    if (this.active && running && this.fading === null && this.queue.buffers.length === 0) {
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

  /** One sample of a stop's fade-out; ends the fade after its last sample. */
  private renderFade(frame: number, events: PlaybackEvent[]): number {
    const fading = this.fading;
    if (fading === null) return 0;
    const b = fading.list.head(this.settleBuffer);
    if (b === null) {
      events.push(...this.endFade(frame));
      return this.renderQueue(frame, events);
    }
    const value = (b.samples[fading.list.offset] ?? 0) * step(fading.ramp);
    this.count(b, fading.list.offset, value, frame, events);
    fading.list.offset++;
    fading.cutTurnId = b.turnId;
    this.lastPlayedEndFrame = frame + 1;
    if (fading.ramp.done >= fading.ramp.frames || fading.list.head(this.settleBuffer) === null) {
      events.push(...this.endFade(frame + 1));
    }
    return value;
  }

  /** One sample of the queue, through the pause / resume gain. */
  private renderQueue(frame: number, events: PlaybackEvent[]): number {
    if (this.state === 'paused') return 0;
    const b = this.queue.head(this.settleBuffer);
    if (b === null) return 0;
    const ramp = this.ramp;
    if (ramp !== null) this.gain = step(ramp);
    const value = (b.samples[this.queue.offset] ?? 0) * this.gain;
    this.count(b, this.queue.offset, value, frame, events);
    this.queue.offset++;
    this.lastPlayedEndFrame = frame + 1;
    if (ramp !== null && ramp.done >= ramp.frames) {
      this.ramp = null;
      if (this.state === 'resuming') this.state = 'playing';
    }
    // A pause takes effect when its fade ends, or earlier if the queue runs dry during it.
    if (
      this.state === 'pausing' &&
      (this.ramp === null || this.queue.head(this.settleBuffer) === null)
    ) {
      this.enterPaused(frame + 1);
      events.push(...this.flushStats(frame + 1), this.pausedEvent(b.turnId));
    }
    return value;
  }

  /** Whether samples of `queue` are reaching the output now (so cutting them needs a fade). */
  private queueAudible(): boolean {
    return (
      this.fading === null &&
      this.active &&
      this.gain > 0 &&
      this.state !== 'paused' &&
      this.queue.head(this.settleBuffer) !== null
    );
  }

  private enterPaused(frame: number): void {
    this.state = 'paused';
    this.gain = 0;
    this.ramp = null;
    this.pausedFrame = frame;
  }

  private endPause(): void {
    this.state = 'playing';
    this.gain = 1;
    this.ramp = null;
    this.pausedEventDue = false;
  }

  private count(
    b: PlaybackBuffer,
    offset: number,
    value: number,
    frame: number,
    events: PlaybackEvent[],
  ): void {
    const first = this.counts.played(b.turnId, value);
    this.active = true;
    this.lastTurnId = b.turnId;
    if (first) {
      events.push({
        type: 'firstSample',
        turnId: b.turnId,
        frame,
        contextTimeSec: frame / this.sampleRateHz,
        startSample: b.startSample + offset,
      });
    }
  }

  private endFade(frame: number): PlaybackEvent[] {
    const fading = this.fading;
    if (fading === null) return [];
    const dropped = fading.list.drop(this.settleBuffer) + fading.droppedSamples;
    this.fading = null;
    this.active = false;
    const events = [...this.flushStats(frame), this.stoppedEvent(dropped, frame, fading.cutTurnId)];
    if (this.pausedEventDue) {
      this.pausedEventDue = false;
      this.pausedFrame = frame;
      events.push(this.pausedEvent(null));
    }
    return events;
  }

  private pausedEvent(cutTurnId: number | null): PlaybackEvent {
    return {
      type: 'paused',
      frame: this.pausedFrame,
      requestId: this.pauseRequestId,
      cutTurnId,
      heldSamples: this.queue.samples,
    };
  }

  private stoppedEvent(
    droppedSamples: number,
    frame: number,
    cutTurnId: number | null,
  ): PlaybackEvent {
    return {
      type: 'stopped',
      frame,
      droppedSamples,
      lastBufferId: this.settledBufferId,
      requestId: this.stopRequestId,
      cutTurnId,
    };
  }

  /** Counters changed since the last report, as of context frame `frame`. */
  private flushStats(frame = this.frame): PlaybackEvent[] {
    this.framesSinceStats = 0;
    const turns = this.counts.takeChanged();
    return turns.length === 0 ? [] : [{ type: 'stats', frame, turns }];
  }
}
