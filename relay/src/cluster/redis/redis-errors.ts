import { RelayError } from '../../errors.ts';

/** What the user is told when the relays' shared store does not answer. */
function sharedStoreUnavailable(cause: unknown): RelayError {
  return new RelayError(
    'internal',
    'The service is briefly unable to check your session. Try again in a few seconds.',
    { retryable: true, status: 503, cause },
  );
}

/** Runs a Redis call; a failure becomes {@link sharedStoreUnavailable}. */
export async function orUnavailable<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof RelayError) throw err;
    throw sharedStoreUnavailable(err);
  }
}
