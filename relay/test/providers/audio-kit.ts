import { expect } from 'vitest';
import { ProviderError } from '../../src/providers/net/provider-error.ts';

/** Consumes a voice's stream; `blocks` receives every block even when it throws. */
export async function collect(iterable: AsyncIterable<Int16Array>, blocks: Int16Array[] = []) {
  for await (const block of iterable) blocks.push(block);
  return blocks;
}

/** Samples in `blocks`. */
export const samplesOf = (blocks: Int16Array[]) => blocks.reduce((n, b) => n + b.length, 0);

/** What `promise` rejected with, which must be a {@link ProviderError}. */
export async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}
