import { isContextExceeded, ProviderError } from '../net/provider-error.ts';

/**
 * Whether a failure was this request's own fault rather than the provider's: an HTTP 4xx other
 * than 408 (timeout) and 429 (rate limit), e.g. 400 or 413 for a request it will never take,
 * or a refusal of a request that does not fit the model's context (whatever its kind).
 * Such a failure says nothing about the next request: it neither marks the provider down for
 * the rest of the turn nor lets a stage be declared down.
 */
export function isRequestError(err: unknown): boolean {
  if (isContextExceeded(err)) return true;
  if (!(err instanceof ProviderError) || err.kind !== 'http') return false;
  const status = err.status ?? 0;
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Called when no provider of a stage could serve a call: every one failed it or was skipped as
 * already down (breaker open, failed earlier in the turn). Unless a failure was the request's
 * own fault, the whole stage is known to be down, and every breaker opens at once: the next calls
 * degrade without waiting for each provider's timeout again, and the background trials (or,
 * with probes off, the first call after the cool-down) find out when it is back. A stage of one
 * provider is left to its breaker's count (`BREAKER_FAILURES`): one failure of one provider is
 * no outage. Returns how many breakers it opened (0 when all were open already, or when the
 * stage is not known to be down).
 */
export function tripIfStageDown(
  slots: readonly { trip(): boolean }[],
  failures: readonly unknown[],
): number {
  if (slots.length < 2 || failures.some(isRequestError)) return 0;
  let opened = 0;
  for (const slot of slots) if (slot.trip()) opened++;
  return opened;
}
