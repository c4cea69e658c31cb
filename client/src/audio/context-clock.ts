/**
 * Maps AudioContext time to wall-clock time (epoch ms), from the context's own report of when a
 * rendered frame reaches the output device (`AudioContext.getOutputTimestamp()`). Pure: the
 * caller feeds observations; tests drive it with numbers.
 *
 * The approximation, spelled out:
 * - A frame rendered at context time t reaches the speaker at `outputEpochMs(t)` =
 *   timeOrigin + performanceTime + (t − contextTime) · 1000, with the latest (smoothed)
 *   observation. Context and performance clocks drift apart slowly (ppm), so an exponential
 *   average tracks them; a jump (suspend/resume, device change) restarts the estimate.
 * - The same frame was *rendered* `renderAheadMs` (the context's baseLatency + outputLatency)
 *   before it was heard, and the microphone samples it carries were captured `inputLatencyMs`
 *   before that (the track's reported `latency`, when the browser gives one; otherwise 0). So
 *   `captureEpochMs(t)` = outputEpochMs(t) − renderAheadMs − inputLatencyMs. Its error is the
 *   browser's error on those latencies: a few ms to a few tens of ms, constant for a session.
 */

/** One `AudioContext.getOutputTimestamp()` result. */
export interface OutputTimestamp {
  /** Context time (s) of the frame at the output device. */
  contextTime?: number;
  /** `performance.now()` time (ms) at which that frame was output. */
  performanceTime?: number;
}

export interface ContextClockOptions {
  /** `performance.timeOrigin` (epoch ms). */
  timeOriginMs: number;
  /** Weight of each new observation in the running estimate (0 < w ≤ 1). Default 0.05. */
  smoothing?: number;
  /** An observation further than this from the estimate (ms) replaces it. Default 20. */
  resyncThresholdMs?: number;
}

/** How far after `performance.now()` an output timestamp may be and still be believed (ms). */
const FUTURE_TOLERANCE_MS = 1;

export class ContextClock {
  private readonly timeOriginMs: number;
  private readonly smoothing: number;
  private readonly resyncThresholdMs: number;
  /** performanceTime − contextTime·1000 (ms); null before the first valid observation. */
  private offsetMs: number | null = null;
  /** Processing ahead of output (ms): baseLatency + outputLatency. */
  renderAheadMs = 0;
  /** Microphone and driver delay before the context sees a sample (ms). */
  inputLatencyMs = 0;
  /** Observations that restarted the estimate (the first one included). */
  resyncs = 0;

  constructor(options: ContextClockOptions) {
    this.timeOriginMs = options.timeOriginMs;
    this.smoothing = options.smoothing ?? 0.05;
    this.resyncThresholdMs = options.resyncThresholdMs ?? 20;
    if (!(this.smoothing > 0 && this.smoothing <= 1))
      throw new RangeError('smoothing must be in (0, 1]');
  }

  /** Whether at least one valid observation was made. */
  get synced(): boolean {
    return this.offsetMs !== null;
  }

  /**
   * Adds an observation. Ignores the zeros a context reports before its output has started, and
   * a timestamp from the future: an output timestamp is of a frame already played, so one
   * stamped after `nowMs` (`performance.now()`, when given) is wrong — WebKitGTK 2.50 stamps
   * `performance.now()` plus the context time, seconds ahead, which put every voice-to-voice
   * figure seconds out. Returns whether it was used.
   */
  observe(ts: OutputTimestamp, nowMs?: number): boolean {
    const { contextTime, performanceTime } = ts;
    if (contextTime === undefined || performanceTime === undefined) return false;
    if (!(contextTime > 0 && performanceTime > 0)) return false;
    if (nowMs !== undefined && performanceTime > nowMs + FUTURE_TOLERANCE_MS) return false;
    const offset = performanceTime - contextTime * 1000;
    if (this.offsetMs === null || Math.abs(offset - this.offsetMs) > this.resyncThresholdMs) {
      this.offsetMs = offset;
      this.resyncs++;
    } else {
      this.offsetMs += this.smoothing * (offset - this.offsetMs);
    }
    return true;
  }

  /** Epoch ms at which the frame rendered at context time `contextTimeSec` reaches the output. */
  outputEpochMs(contextTimeSec: number): number {
    return this.timeOriginMs + contextTimeSec * 1000 + (this.offsetMs ?? 0);
  }

  /** Epoch ms at which the microphone captured the sample the context sees at `contextTimeSec`. */
  captureEpochMs(contextTimeSec: number): number {
    return this.outputEpochMs(contextTimeSec) - this.renderAheadMs - this.inputLatencyMs;
  }
}
