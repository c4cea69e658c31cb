/**
 * Why a provider call failed, in terms the resilience layer acts on: every adapter throws this
 * (or an AbortError when its signal aborted). Messages never contain keys or request bodies.
 */
export type ProviderFailureKind =
  /** The provider answered with an HTTP error status. */
  | 'http'
  /** Could not connect, or the connection broke (reset, closed mid-stream). */
  | 'network'
  /** The provider sent something we cannot parse (malformed chunk, wrong content type). */
  | 'protocol'
  /** No first byte/token/audio in time, or the stream stalled, or the call ran too long. */
  | 'timeout'
  /** Credentials refused (401/403): retrying will not help until the configuration changes. */
  | 'auth';

export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    /** `ProviderInfo.id` of the provider that failed. */
    readonly providerId: string,
    readonly kind: ProviderFailureKind,
    message: string,
    readonly options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(
      `${providerId}: ${message}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
  }

  get status(): number | undefined {
    return this.options.status;
  }
}

/** Wraps anything a provider call threw (fetch TypeError, ws error…) as a network failure. */
export function asProviderError(providerId: string, err: unknown): ProviderError | Error {
  if (err instanceof ProviderError) return err;
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
    return err;
  }
  const why = err instanceof Error ? (causeMessage(err) ?? err.message) : String(err);
  return new ProviderError(providerId, 'network', why, { cause: err });
}

function causeMessage(err: Error): string | undefined {
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) return `${err.message} (${cause.message})`;
  return undefined;
}
