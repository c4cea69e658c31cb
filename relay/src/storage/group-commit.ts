export interface GroupCommitOptions {
  /** Largest group: a bound on one transaction's size and on the message carrying it. */
  maxGroup?: number | undefined;
  /** Least time from one commit's start to the next one's (ms); 0: no pacing. */
  minIntervalMs?: number | undefined;
  /** Monotonic clock in ms (default `performance.now`); injected by tests. */
  now?: () => number;
}

/**
 * Group commit: work submitted while a commit is in flight waits for it, then goes in the next
 * commit together, so a slow `fsync` is paid once per group instead of once per caller. With
 * one commit at a time and a disk that takes 10 ms to sync, serial commits cap a relay at 100
 * turns a second and a queue builds behind them; grouped, the queue drains in the next commit.
 *
 * Under load the groups are also paced: a commit starts no sooner than `minIntervalMs` after
 * the one before it started, so on a fast disk (where a commit ends before the next turn's
 * record arrives and every group would hold one item) the records of that interval still share
 * one commit, one fsync and the pages they both touch. After a quiet spell the first commit
 * starts at once: the wait is only ever paid by a caller that comes right behind another one.
 *
 * `commit` receives the items of one group, in submission order, and returns one result per
 * item (a result may stand for that item's own failure). Each caller is answered only when its
 * group's commit has finished. When `commit` rejects (e.g. the final COMMIT failed), every item
 * of that group rejects with its error: none of them is durable. Pure scheduling, no I/O.
 */
export class GroupCommit<T, R> {
  private queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running: Promise<void> | null = null;
  /** Groups handed to `commit` so far (for metrics and tests). */
  groups = 0;
  /** Items in those groups. */
  items = 0;

  private readonly maxGroup: number;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  /** When the last commit started (`now`'s clock); -Infinity before the first. */
  private lastStart = -Infinity;

  constructor(
    private readonly commit: (items: T[]) => Promise<R[]>,
    options: GroupCommitOptions = {},
  ) {
    const { maxGroup = 64, minIntervalMs = 0, now = () => performance.now() } = options;
    if (!Number.isInteger(maxGroup) || maxGroup < 1)
      throw new RangeError(`maxGroup must be a positive integer, not ${maxGroup}`);
    if (!Number.isFinite(minIntervalMs) || minIntervalMs < 0)
      throw new RangeError(`minIntervalMs must be a finite number ≥ 0, not ${minIntervalMs}`);
    this.maxGroup = maxGroup;
    this.minIntervalMs = minIntervalMs;
    this.now = now;
  }

  /** Items waiting for the next commit. */
  get waiting(): number {
    return this.queue.length;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Resolves once everything submitted so far has been committed (or has failed). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Start on the next microtask: submissions made in the same turn of the loop join the
    // first group too.
    await Promise.resolve();
    try {
      while (this.queue.length > 0) {
        const wait = this.lastStart + this.minIntervalMs - this.now();
        // What arrives during the wait joins this group.
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.lastStart = this.now();
        const group = this.queue.splice(0, this.maxGroup);
        this.groups++;
        this.items += group.length;
        try {
          const results = await this.commit(group.map((g) => g.item));
          if (results.length !== group.length)
            throw new Error(`commit gave ${results.length} results for ${group.length} items`);
          group.forEach((g, i) => g.resolve(results[i] as R));
        } catch (err) {
          for (const g of group) g.reject(err);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
