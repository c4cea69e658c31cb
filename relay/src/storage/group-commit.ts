/**
 * Group commit: work submitted while a commit is in flight waits for it, then goes in the next
 * commit together, so a slow `fsync` is paid once per group instead of once per caller. With
 * one commit at a time and a disk that takes 10 ms to sync, serial commits cap a relay at 100
 * turns a second and a queue builds behind them; grouped, the queue drains in the next commit.
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

  constructor(
    private readonly commit: (items: T[]) => Promise<R[]>,
    /** Largest group: a bound on one transaction's size and on the message carrying it. */
    private readonly maxGroup = 64,
  ) {
    if (!Number.isInteger(maxGroup) || maxGroup < 1)
      throw new RangeError(`maxGroup must be a positive integer, not ${maxGroup}`);
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
