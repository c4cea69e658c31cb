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
 * Heartbeat bookkeeping, pure: the owner sends a ping when `due(now)` and reports pongs; after
 * `maxMissed` pings without an answer the connection is dead (half-open sockets are common on
 * mobile). Timers stay with the owner.
 */
export class Heartbeat {
  private nextId = 1;
  private readonly outstanding = new Map<number, number>();
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private missed = 0;

  constructor(
    /** Interval between pings (ms). */
    readonly intervalMs = 5_000,
    /** Unanswered pings that mean the connection is dead. */
    readonly maxMissed = 2,
  ) {}

  /** Whether a ping should be sent now. */
  due(nowMs: number): boolean {
    return nowMs - this.lastSentAt >= this.intervalMs;
  }

  /** Records a ping sent now; returns its id. Pings older than one interval count as missed. */
  ping(nowMs: number): number {
    for (const [id, sentAt] of this.outstanding) {
      if (nowMs - sentAt >= this.intervalMs) {
        this.outstanding.delete(id);
        this.missed++;
      }
    }
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
    this.missed = 0;
    const rttMs = nowMs - sentAt;
    return { rttMs, offsetMs: serverTimeMs - (sentAt + rttMs / 2), atMs: nowMs };
  }

  /** Any traffic from the peer proves it is alive. */
  heard(): void {
    this.missed = 0;
  }

  /** True once `maxMissed` consecutive pings went unanswered for a full interval each. */
  dead(nowMs: number): boolean {
    let overdue = 0;
    for (const sentAt of this.outstanding.values())
      if (nowMs - sentAt >= this.intervalMs) overdue++;
    return this.missed + overdue >= this.maxMissed;
  }

  /** Forget everything (a new connection). */
  reset(): void {
    this.outstanding.clear();
    this.lastSentAt = Number.NEGATIVE_INFINITY;
    this.missed = 0;
  }
}
