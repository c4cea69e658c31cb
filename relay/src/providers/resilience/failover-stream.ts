import type { Logger } from '../../log/logger.ts';
import type { TurnFailures } from '../stages/common.ts';
import { Attempt, type AttemptLimits } from './attempt.ts';
import { isContextExceeded } from '../net/provider-error.ts';
import { ContextExceededError, type ContextRefusalOf } from './context-exceeded-error.ts';
import { NoProviderError } from './no-provider-error.ts';
import type { ProviderFailure, Stage } from '@parley/shared';
import type { ProviderSlot } from './provider-slot.ts';
import { isRequestError, tripIfStageDown } from './stage-outage.ts';

/** Why a provider was passed over: its failure's kind and HTTP status. */
export type PassedOverFailure = Pick<ProviderFailure, 'kind' | 'status'>;

/** What a skipped provider that never failed is said to have done (a breaker never opens so). */
const UNKNOWN_FAILURE: PassedOverFailure = { kind: 'other', status: null };

export interface FailoverStreamOptions<P, T> {
  stage: Stage;
  slots: readonly ProviderSlot<P & { readonly info: { id: string; label: string } }>[];
  limits: AttemptLimits;
  /** The caller's signal: aborting it cancels without counting against any provider. */
  signal: AbortSignal;
  log: Logger;
  /** Starts the stream of one provider, under the attempt's signal. */
  open: (provider: P, signal: AbortSignal) => AsyncIterable<T>;
  /** Whether an item is output the user sees or hears: after one, no failover is possible. */
  isOutput: (item: T) => boolean;
  /**
   * Whether an item is the provider's report of its call (an LLM's prompt sent), not a chunk of
   * its answer: passed on, but it meets no deadline (it comes before the request goes out).
   */
  isReport?: (item: T) => boolean;
  /** The provider that serves the call: before its first output, or at its end if it had none. */
  onServed: (provider: P) => void;
  /** A provider is about to be asked (each one the chain tries, in order). */
  onAttempt?: (provider: P) => void;
  /**
   * A provider could not serve the call and was passed over: it failed now, or was skipped (its
   * breaker open, or failed earlier in the turn) — told with its last failure.
   */
  onPassedOver?: (provider: P, failure: PassedOverFailure) => void;
  /** Providers that failed earlier in the turn: skipped; a provider failing here is added. */
  failed?: TurnFailures;
}

/**
 * The failover loop that LLM and TTS chains share: the first provider whose breaker lets it
 * through, and that has not failed earlier in the turn, gets the call under deadlines; one that
 * fails or times out before any output is skipped for the next. A failure after output went out
 * cannot be hidden (the user saw or heard it): it is thrown. Breakers and latencies are updated;
 * a cancel by the caller counts for nobody. When no provider could serve, the stage is known to
 * be down and every breaker of it opens ({@link tripIfStageDown}).
 *
 * A provider that refuses the call because it does not fit its model's context is passed over
 * for the next (whose context may be bigger) without counting against it: its breaker and its
 * failure count are left as they were. When every provider asked refused so, the call ends with
 * a {@link ContextExceededError}.
 */
export async function* failoverStream<P, T>(
  o: FailoverStreamOptions<P, T>,
): AsyncGenerator<T, void, undefined> {
  const skipped: { providerId: string; error: string }[] = [];
  const failures: unknown[] = [];
  const refusals: ContextRefusalOf[] = [];
  for (const slot of o.slots) {
    o.signal.throwIfAborted();
    if (o.failed?.has(slot.id)) {
      skipped.push({ providerId: slot.id, error: 'failed earlier in this turn' });
      o.onPassedOver?.(slot.provider, slot.lastFailure ?? UNKNOWN_FAILURE);
      continue;
    }
    if (!slot.admit()) {
      skipped.push({ providerId: slot.id, error: 'circuit open' });
      o.onPassedOver?.(slot.provider, slot.lastFailure ?? UNKNOWN_FAILURE);
      continue;
    }
    const attempt = new Attempt(o.signal, slot.id, o.limits);
    const started = performance.now();
    let firstOutputMs: number | undefined;
    try {
      o.onAttempt?.(slot.provider);
      for await (const item of o.open(slot.provider, attempt.signal)) {
        if (o.isReport?.(item) === true) {
          yield item;
          continue;
        }
        attempt.progress();
        if (firstOutputMs === undefined && o.isOutput(item)) {
          firstOutputMs = performance.now() - started;
          o.onServed(slot.provider);
        }
        yield item;
      }
      // A stream that ended on its own after a deadline fired still failed.
      attempt.signal.throwIfAborted();
      slot.succeeded(firstOutputMs);
      if (firstOutputMs === undefined) o.onServed(slot.provider);
      return;
    } catch (err) {
      const error = attempt.error(err);
      if (attempt.cancelled) {
        slot.breaker.release();
        throw error;
      }
      if (isContextExceeded(error)) {
        // The provider works; this request never will on it: nothing to hold against it.
        slot.breaker.release();
        o.onPassedOver?.(slot.provider, { kind: error.kind, status: error.status ?? null });
        const refusal = {
          providerId: slot.id,
          ...(error.contextTokens === undefined ? {} : { contextTokens: error.contextTokens }),
        };
        o.log.warn(
          { ...refusal, err: error.message },
          firstOutputMs === undefined
            ? `${o.stage}: the request does not fit this model's context, trying the next provider`
            : `${o.stage}: the request outgrew this model's context mid-stream`,
        );
        if (firstOutputMs !== undefined) throw error;
        skipped.push({ providerId: slot.id, error: error.message });
        failures.push(error);
        refusals.push(refusal);
        continue;
      }
      slot.failed(error);
      o.onPassedOver?.(slot.provider, slot.lastFailure ?? UNKNOWN_FAILURE);
      // Not asked again in this turn, unless the failure was this request's own fault.
      if (!isRequestError(error)) o.failed?.add(slot.id);
      const message = error instanceof Error ? error.message : String(error);
      if (firstOutputMs !== undefined) {
        o.log.warn({ provider: slot.id, err: message }, `${o.stage} failed mid-stream`);
        throw error;
      }
      o.log.warn(
        { provider: slot.id, err: message },
        `${o.stage} failed, trying the next provider`,
      );
      skipped.push({ providerId: slot.id, error: message });
      failures.push(error);
    } finally {
      attempt.dispose();
    }
  }
  if (tripIfStageDown(o.slots, failures) > 0)
    o.log.warn({ stage: o.stage }, `every ${o.stage} provider is down: skipped until one recovers`);
  if (refusals.length > 0 && refusals.length === failures.length)
    throw new ContextExceededError(o.stage, skipped, refusals);
  throw new NoProviderError(o.stage, skipped);
}
