/** One round trip measured by a ping/pong. */
export interface RoundTrip {
  /** Round-trip time (ms). */
  rttMs: number;
  /**
   * Estimated server clock minus client clock (ms), assuming a symmetric path:
   * serverTime − (sent + rtt/2). Its error is at most ±rtt/2.
   */
  offsetMs: number;
  /** Client time the pong arrived (ms). */
  atMs: number;
}

/**
 * Heartbeat bookkeeping, pure: the owner sends a ping when `due(now)` (and whenever an answer
 * matters at once, e.g. the user just stopped speaking) and reports pongs and any other traffic.
 * The connection is dead once nothing was heard for `maxMissed` intervals, or once a ping sent
 * after the last sign of life has waited `pongTimeoutMs` (half-open and stalled sockets are
 * common on mobile). Timers stay with the owner.
 */
export class Heartbeat {
  private nextId = 1;
  private readonly outstanding = new Map<number, number>();
  private lastSentAt = Number.NEGATIVE_INFINITY;
  /** When the peer was last heard from (null before the first ping). */
  private lastHeardAt: number | null = null;
  /** The last check found the connection dead but ran late, and put off its verdict. */
  private deferred = false;

  constructor(
    /** Interval between pings (ms). */
    readonly intervalMs = 5_000,
    /** Unanswered pings that mean the connection is dead. */
    readonly maxMissed = 2,
    /**
     * How long a ping may wait for its answer, nothing else heard meanwhile (ms). Default half
     * an interval, at least 1.5 s (a congested mobile path's round trip).
     */
    readonly pongTimeoutMs = Math.max(1500, intervalMs / 2),
  ) {}

  /** Whether a ping should be sent now. */
  due(nowMs: number): boolean {
    return nowMs - this.lastSentAt >= this.intervalMs;
  }

  /** Records a ping sent now; returns its id. */
  ping(nowMs: number): number {
    this.lastHeardAt ??= nowMs;
    // A ping older than an interval is not answered any more (its pong would be ignored).
    for (const [id, sentAt] of this.outstanding)
      if (nowMs - sentAt >= this.intervalMs) this.outstanding.delete(id);
    const id = this.nextId++;
    this.outstanding.set(id, nowMs);
    this.lastSentAt = nowMs;
    return id;
  }

  /** A pong arrived; returns the round trip, or null for an unknown or late id. */
  pong(id: number, serverTimeMs: number, nowMs: number): RoundTrip | null {
    const sentAt = this.outstanding.get(id);
    if (sentAt === undefined) return null;
    this.outstanding.delete(id);
    this.lastHeardAt = nowMs;
    const rttMs = nowMs - sentAt;
    return { rttMs, offsetMs: serverTimeMs - (sentAt + rttMs / 2), atMs: nowMs };
  }

  /** Any traffic from the peer proves it is alive. */
  heard(nowMs: number): void {
    this.lastHeardAt = nowMs;
  }

  /**
   * True once nothing was heard for `maxMissed` intervals, or a ping sent since the last sign of
   * life has gone unanswered for `pongTimeoutMs`. A silence is therefore noticed at most
   * `min(maxMissed · interval, interval + pongTimeoutMs)` after it began (plus the owner's
   * timer granularity), and `pongTimeoutMs` after a ping the owner sent on purpose.
   */
  dead(nowMs: number): boolean {
    const heardAt = this.lastHeardAt;
    if (heardAt === null) return false;
    if (nowMs - heardAt >= this.maxMissed * this.intervalMs) return true;
    for (const sentAt of this.outstanding.values())
      if (sentAt >= heardAt && nowMs - sentAt >= this.pongTimeoutMs) return true;
    return false;
  }

  /**
   * The owner's periodic check: `dead` (give the connection up), `ping` (one is due) or `wait`.
   * `late`: the check ran later than planned (the page or the process was busy), so an answer
   * may already be waiting to be read; it puts a `dead` verdict off to the next check, once (a
   * hidden tab's timers are always late).
   */
  check(nowMs: number, late: boolean): 'dead' | 'ping' | 'wait' {
    if (this.dead(nowMs)) {
      if (!late || this.deferred) return 'dead';
      this.deferred = true;
    } else this.deferred = false;
    return this.due(nowMs) ? 'ping' : 'wait';
  }

  /** Forget everything (a new connection). */
  reset(): void {
    this.deferred = false;
    this.outstanding.clear();
    this.lastSentAt = Number.NEGATIVE_INFINITY;
    this.lastHeardAt = null;
  }
}
