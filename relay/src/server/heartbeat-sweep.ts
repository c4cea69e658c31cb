export interface HeartbeatSweepOptions<T> {
  /** How often each member is visited (ms). */
  intervalMs: number;
  /** How often {@link HeartbeatSweep.tick} is called (ms); at most `intervalMs`. */
  tickMs: number;
  /** Called once per member per interval. */
  visit(member: T): void;
}

/**
 * Visits every member of a live set once per interval, a slice at each tick, instead of all of
 * them at once: pinging every socket in one loop turn stalls the relay while the writes go out
 * and the pongs come back together, and the microphone chunks arriving meanwhile wait
 * (docs/decisions.md#socket-writes-batched-and-pings-spread-over-the-interval). Each tick
 * visits the set's size × tick / interval members (the fraction carried over), continuing where
 * the previous tick stopped, so a full pass takes about one interval whatever the size. Members
 * added during a pass are visited in it (a `Set` iterates in insertion order, live); removed ones
 * are skipped. Pure: the caller runs the timer.
 */
export class HeartbeatSweep<T> {
  private cursor: Iterator<T> | null = null;
  private credit = 0;

  constructor(
    private readonly members: ReadonlySet<T>,
    private readonly options: HeartbeatSweepOptions<T>,
  ) {
    if (!(options.tickMs > 0 && options.tickMs <= options.intervalMs))
      throw new RangeError('tickMs must be in (0, intervalMs]');
  }

  /** Visits this tick's slice. */
  tick(): void {
    const size = this.members.size;
    if (size === 0) {
      this.cursor = null;
      this.credit = 0;
      return;
    }
    this.credit += (size * this.options.tickMs) / this.options.intervalMs;
    // Never more than the whole set in one tick: nobody is visited twice in it.
    let due = Math.min(size, Math.floor(this.credit));
    this.credit -= due;
    let restarted = false;
    while (due > 0) {
      this.cursor ??= this.members.values();
      const next = this.cursor.next();
      if (next.done === true) {
        this.cursor = null;
        // The pass is over: the next one starts at once, so no visit is lost at the seam
        // (unless a visit emptied the set).
        if (restarted) return;
        restarted = true;
        continue;
      }
      due--;
      this.options.visit(next.value);
    }
  }
}
