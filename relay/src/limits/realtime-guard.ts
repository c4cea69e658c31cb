/**
 * Catches a client that streams microphone audio faster than real time. Audio drains at real time
 * (1 s of audio per second of wall clock), like a leaky bucket: `aheadMs` is how far the client's
 * audio runs ahead of the clock, never below zero, so silent spells earn no credit.
 *
 * - Up to `catchUpMs` ahead is fine: pre-speech padding, network bunching, and the replay of
 *   buffered audio after a reconnect all arrive faster than real time for a while.
 * - Beyond it the frame is accepted but the caller should stop reading the socket for `pauseMs`
 *   (`throttle`): TCP backpressure then holds the excess on the client, not in relay memory.
 * - Beyond `catchUpMs + overrunMs` — the client ignores backpressure, or the caller cannot pause —
 *   the frame is refused and the connection should be cut.
 *
 * Pure: the clock is injected. One guard per connection; frames of every utterance count.
 */
export interface RealtimeGuardOptions {
  /** Audio a client may send ahead of real time before it is throttled (ms), e.g. 30,000. */
  catchUpMs: number;
  /** Further audio tolerated beyond `catchUpMs` before the client is cut (ms), e.g. 5,000. */
  overrunMs: number;
  /** Clock in milliseconds. */
  now: () => number;
}

/**
 * - `ok`: forward the frame.
 * - `throttle`: forward the frame, then pause reading the socket for `pauseMs`.
 * - `cut`: drop the frame and close the connection (the frame is not counted).
 */
export type RealtimeVerdict =
  | { kind: 'ok'; aheadMs: number }
  | { kind: 'throttle'; aheadMs: number; pauseMs: number }
  | { kind: 'cut'; aheadMs: number };

export class RealtimeGuard {
  private levelMs = 0;
  private updatedAtMs: number;

  constructor(private readonly options: RealtimeGuardOptions) {
    for (const [name, value] of [
      ['catchUpMs', options.catchUpMs],
      ['overrunMs', options.overrunMs],
    ] as const) {
      if (!(Number.isFinite(value) && value >= 0)) {
        throw new RangeError(`RealtimeGuard ${name} must be a number ≥ 0; got ${value}.`);
      }
    }
    this.updatedAtMs = options.now();
  }

  /** An audio frame of `audioMs` arrived. */
  onAudio(audioMs: number): RealtimeVerdict {
    if (!(Number.isFinite(audioMs) && audioMs >= 0)) {
      throw new RangeError(`Audio duration must be a number ≥ 0; got ${audioMs}.`);
    }
    this.drain();
    const aheadMs = this.levelMs + audioMs;
    const { catchUpMs, overrunMs } = this.options;
    if (aheadMs > catchUpMs + overrunMs) return { kind: 'cut', aheadMs };
    this.levelMs = aheadMs;
    if (aheadMs > catchUpMs) return { kind: 'throttle', aheadMs, pauseMs: aheadMs - catchUpMs };
    return { kind: 'ok', aheadMs };
  }

  /** How far the client's audio runs ahead of real time now (ms). */
  get aheadMs(): number {
    this.drain();
    return this.levelMs;
  }

  private drain(): void {
    const nowMs = this.options.now();
    const elapsedMs = nowMs - this.updatedAtMs;
    if (!(elapsedMs > 0)) return;
    this.levelMs = Math.max(0, this.levelMs - elapsedMs);
    this.updatedAtMs = nowMs;
  }
}
