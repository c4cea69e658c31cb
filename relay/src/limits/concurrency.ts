/**
 * Counts what each key (a user id) holds at once — open sessions — and refuses beyond
 * `maxPerKey`. Keys at zero are removed, so the map only holds keys with something open;
 * `maxKeys` is a hard bound on top (the relay refuses rather than grow without limit).
 */
export interface ConcurrencyLimiterOptions {
  /** Most slots one key may hold at once (≥ 1). */
  maxPerKey: number;
  /** Most keys holding slots at once (default 100,000); beyond it every new key is refused. */
  maxKeys?: number;
}

/** Gives a slot back. Idempotent: calling it again does nothing. */
export type Release = () => void;

export class ConcurrencyLimiter {
  readonly maxPerKey: number;
  readonly maxKeys: number;
  private readonly counts = new Map<string, number>();

  constructor(options: ConcurrencyLimiterOptions) {
    this.maxPerKey = options.maxPerKey;
    this.maxKeys = options.maxKeys ?? 100_000;
    for (const [name, value] of [
      ['maxPerKey', this.maxPerKey],
      ['maxKeys', this.maxKeys],
    ] as const) {
      if (!(Number.isInteger(value) && value >= 1)) {
        throw new RangeError(
          `ConcurrencyLimiter ${name} must be a whole number ≥ 1; got ${value}.`,
        );
      }
    }
  }

  /**
   * Takes a slot for `key`. Returns its release, or `null` when `key` already holds `maxPerKey`
   * slots or `maxKeys` other keys hold slots (`count(key)` tells the two apart).
   */
  acquire(key: string): Release | null {
    const held = this.counts.get(key) ?? 0;
    if (held >= this.maxPerKey) return null;
    if (held === 0 && this.counts.size >= this.maxKeys) return null;
    this.counts.set(key, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }

  /** Slots `key` holds now. */
  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Keys holding at least one slot. */
  get size(): number {
    return this.counts.size;
  }
}
