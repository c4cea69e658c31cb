/** Reads `items` to their end into `into` (kept when it throws, for what came before). */
export async function collect<T>(items: AsyncIterable<T>, into: T[] = []): Promise<T[]> {
  for await (const item of items) into.push(item);
  return into;
}

/** Samples in `blocks`. */
export const samplesOf = (blocks: readonly Int16Array[]): number =>
  blocks.reduce((n, b) => n + b.length, 0);

/** What `work` rejects with; a fulfilment is a failure of the test. */
export async function failureOf(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}
