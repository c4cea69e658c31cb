/**
 * Estimates the relay's clock offset from heartbeat round trips, NTP-style. Each ping/pong
 * gives an interval the true offset must lie in: the relay stamped its time somewhere between
 * the client's send and receive, so `offset ∈ [server − received, server − sent]`. The samples
 * with the lowest round trips give the narrowest intervals; where they agree (their intersection
 * is not empty) the estimate is its middle and the error bound its half-width, else the single
 * fastest sample decides, with its half round trip as the bound. A sliding window follows drift.
 * Pure: no clock of its own.
 */
export interface ClockSample {
  /** Client clock when the ping left (ms). */
  sentAtMs: number;
  /** Relay clock when it answered (ms). */
  serverAtMs: number;
  /** Client clock when the pong arrived (ms). */
  receivedAtMs: number;
}

export interface ClockEstimate {
  /** Relay clock − client clock (ms): relay time = client time + offset. */
  offsetMs: number;
  /** The true offset is within ± this (ms). */
  errorMs: number;
  /** Round trip of the fastest sample used (ms). */
  rttMs: number;
  /** Samples the estimate was drawn from. */
  samples: number;
}

export interface ClockOffsetOptions {
  /** Most recent samples considered (drift). Default 64. */
  window?: number;
  /** Fastest samples intersected. Default 5. */
  best?: number;
}

export class ClockOffsetEstimator {
  private readonly window: number;
  private readonly best: number;
  private readonly samples: ClockSample[] = [];

  constructor(options: ClockOffsetOptions = {}) {
    this.window = Math.max(1, options.window ?? 64);
    this.best = Math.max(1, options.best ?? 5);
  }

  /** Adds one round trip; ignores impossible ones (negative or non-finite round trips). */
  add(sample: ClockSample): void {
    const rtt = sample.receivedAtMs - sample.sentAtMs;
    if (!Number.isFinite(rtt) || rtt < 0 || !Number.isFinite(sample.serverAtMs)) return;
    this.samples.push(sample);
    if (this.samples.length > this.window) this.samples.shift();
  }

  get size(): number {
    return this.samples.length;
  }

  estimate(): ClockEstimate | null {
    if (this.samples.length === 0) return null;
    const fastest = [...this.samples]
      .sort((a, b) => a.receivedAtMs - a.sentAtMs - (b.receivedAtMs - b.sentAtMs))
      .slice(0, this.best);
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    for (const s of fastest) {
      lo = Math.max(lo, s.serverAtMs - s.receivedAtMs);
      hi = Math.min(hi, s.serverAtMs - s.sentAtMs);
    }
    const first = fastest[0];
    if (!first) return null;
    const rttMs = first.receivedAtMs - first.sentAtMs;
    if (lo <= hi) {
      return { offsetMs: (lo + hi) / 2, errorMs: (hi - lo) / 2, rttMs, samples: fastest.length };
    }
    // The intervals disagree (the relay's clock was stepped, or drift within the window): trust
    // the fastest round trip alone.
    return {
      offsetMs: first.serverAtMs - (first.sentAtMs + first.receivedAtMs) / 2,
      errorMs: rttMs / 2,
      rttMs,
      samples: 1,
    };
  }
}
