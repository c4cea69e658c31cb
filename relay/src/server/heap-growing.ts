import { setFlagsFromString } from 'node:v8';

/**
 * Lets V8's old generation grow by `percent` of the live heap after each full GC before it
 * marks again (0 leaves V8's own policy).
 *
 * A relay's heap is mostly per-turn objects that live a few seconds: long enough to be
 * promoted out of the young generation, then dead. On such a heap V8 picks its smallest growth,
 * so it starts marking again almost as soon as a full GC ends; more room trades heap for far
 * fewer full GCs (docs/decisions.md#v8s-old-generation-grows-200--after-a-full-gc). The flag is
 * read at every GC, so setting it at run time takes effect at the next one; it is process-wide.
 */
export function applyHeapGrowing(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0)
    throw new RangeError(`heap growing percent must be a whole number ≥ 0, got ${percent}`);
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
