import { RelayError } from '../../errors.ts';

/** Runs a Redis call; a failure becomes `RelayError.sharedStoreUnavailable`. */
export async function orUnavailable<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof RelayError) throw err;
    throw RelayError.sharedStoreUnavailable(err);
  }
}
