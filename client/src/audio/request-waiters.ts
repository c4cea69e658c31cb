/**
 * Promises for requests answered later by events that say the highest request id they cover (the
 * playback worklet's `paused` and `stopped` events). Request ids increase; an answer for id n
 * settles every request ≤ n. Pure: no DOM, no timers.
 */
export class RequestWaiters {
  private waiters: { requestId: number; resolve: () => void }[] = [];

  /** Requests still waiting. */
  get pending(): number {
    return this.waiters.length;
  }

  /** Resolves once `resolveUpTo(n)` is called with n ≥ `requestId` (or `resolveAll`). */
  wait(requestId: number): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ requestId, resolve }));
  }

  /** Resolves the requests whose id is ≤ `requestId`, oldest first. */
  resolveUpTo(requestId: number): void {
    const due = this.waiters.filter((w) => w.requestId <= requestId);
    if (due.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.requestId > requestId);
    for (const w of due) w.resolve();
  }

  /** Resolves every waiting request (superseded or disposed). */
  resolveAll(): void {
    this.resolveUpTo(Number.POSITIVE_INFINITY);
  }
}
