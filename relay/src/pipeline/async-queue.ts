/**
 * An unbounded single-consumer queue that is also an async iterable: a producer pushes while a
 * consumer awaits items. `close()` ends iteration after the queued items; `fail(err)` makes the
 * consumer throw.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private rejectWaiting: ((err: unknown) => void) | null = null;
  private closed = false;
  private error: Error | null = null;

  push(item: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.rejectWaiting = null;
      resolve({ value: item, done: false });
    } else this.items.push(item);
  }

  close(): void {
    this.closed = true;
    if (this.waiting && this.items.length === 0) {
      const resolve = this.waiting;
      this.waiting = this.rejectWaiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  fail(err: unknown): void {
    this.error = err instanceof Error ? err : new Error(String(err));
    this.closed = true;
    if (this.rejectWaiting) {
      const reject = this.rejectWaiting;
      this.waiting = this.rejectWaiting = null;
      reject(this.error);
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.error) return Promise.reject(this.error);
        const item = this.items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiting = resolve;
          this.rejectWaiting = reject;
        });
      },
    };
  }
}
