import type { Stage } from '@parley/shared';
import { NoProviderError } from './no-provider-error.ts';

/** A provider that refused the call because it did not fit its model's context. */
export interface ContextRefusalOf {
  providerId: string;
  /** The model's context size (tokens), when known. */
  contextTokens?: number;
}

/**
 * No provider of a stage could serve the call, and every one that was asked refused it because
 * it does not fit its model's context (the others were skipped, their breakers open): the
 * request's fault, which trying again will not mend — a shorter conversation will.
 */
export class ContextExceededError extends NoProviderError {
  override name = 'ContextExceededError';
  constructor(
    stage: Stage,
    attempts: readonly { providerId: string; error: string }[],
    /** The providers that refused, in chain order. */
    readonly refusals: readonly ContextRefusalOf[],
  ) {
    super(stage, attempts);
  }
}
