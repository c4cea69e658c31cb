import type { Stage } from '@parley/shared';

/** Every provider of a stage failed or was skipped (breaker open) for one call. */
export class NoProviderError extends Error {
  override name = 'NoProviderError';
  constructor(
    readonly stage: Stage,
    /** Why each provider was not used, in chain order. */
    readonly attempts: readonly { providerId: string; error: string }[],
  ) {
    super(
      `No ${stage} provider could serve the request: ${attempts.map((a) => `${a.providerId} (${a.error})`).join('; ') || 'none configured'}`,
    );
  }
}
