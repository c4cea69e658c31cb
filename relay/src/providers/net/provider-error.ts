import type { PROVIDER_ERROR_KINDS } from '@parley/shared';
import { scrubSecrets } from '../../secrets/secret-scrub.ts';

/**
 * Why a provider call failed, in terms the resilience layer acts on (see `providerFailureKind`
 * in `@parley/shared` for each kind's meaning).
 */
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

/** Longest excerpt of a provider's answer kept (provider error bodies can be large HTML pages). */
export const MAX_ERROR_BODY = 300;

export interface ProviderErrorOptions {
  /** The HTTP status the provider answered with. */
  status?: number;
  /** How long the provider asked to be left alone (its `Retry-After`, ms). */
  retryAfterMs?: number;
  /** A local cause (an embedded engine's error); never a network error that may quote a URL. */
  cause?: unknown;
  /**
   * What the provider said (an error body, a close reason, a stream's error event): kept in the
   * message for operators, scrubbed of `secrets` and key-shaped words before it is cut to
   * {@link MAX_ERROR_BODY}.
   */
  excerpt?: string;
  /** Credentials the call sent (its key, URL credentials): removed from the whole message. */
  secrets?: readonly string[];
  /**
   * The provider refused the request because it does not fit the model's context (the
   * conversation and the system prompt are too long for it): the request's fault, not the
   * provider's (see {@link ProviderError.contextExceeded}).
   */
  contextExceeded?: boolean;
  /** The model's context size (tokens), when the provider or the relay's setting says it. */
  contextTokens?: number;
}

/**
 * Why a provider call failed: every adapter throws this (or an AbortError when its signal
 * aborted). Its parts are for different readers: `kind` and `status` for anyone (a signed-in
 * user's status page), `reason` (the relay's own words) for the admin's settings screen, and
 * `message` (the reason and the provider's `excerpt`) for operators and logs. The message is
 * scrubbed where it is built: the credentials the call sent, URL user info, and key-shaped words
 * never reach it.
 */
export class ProviderError extends Error {
  override name = 'ProviderError';
  /** The relay's words for what went wrong ("HTTP 400", "malformed chunk"), scrubbed. */
  readonly reason: string;
  /** The start of what the provider said, scrubbed ('' when nothing). */
  readonly excerpt: string;
  /** The HTTP status the provider answered with. */
  readonly status: number | undefined;
  /** How long the provider asked to be left alone (ms). */
  readonly retryAfterMs: number | undefined;
  /**
   * The request does not fit the model's context: the provider works, this request never will
   * on it. It opens no breaker and counts as no failure of the provider; another model of the
   * chain (a bigger context) may take it.
   */
  readonly contextExceeded: boolean;
  /** The model's context size (tokens), when known. */
  readonly contextTokens: number | undefined;

  // The options (secrets and the raw excerpt among them) are not kept: a logger prints an
  // error's own fields.
  constructor(
    /** `ProviderInfo.id` of the provider that failed. */
    readonly providerId: string,
    readonly kind: ProviderErrorKind,
    reason: string,
    options: ProviderErrorOptions = {},
  ) {
    const secrets = options.secrets ?? [];
    const said = scrubSecrets(reason, secrets);
    // Scrubbed before it is cut: a key cut in half would no longer be recognised.
    const excerpt = clip(scrubSecrets(options.excerpt ?? '', secrets), MAX_ERROR_BODY);
    super(
      `${providerId}: ${said}${excerpt ? `: ${excerpt}` : ''}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.reason = said;
    this.excerpt = excerpt;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.contextExceeded = options.contextExceeded ?? false;
    this.contextTokens = options.contextTokens;
  }
}

/**
 * Wraps anything a provider call threw (fetch TypeError, ws error…) as a network failure whose
 * message says why (the error's and its cause's messages, scrubbed of `secrets`). The thrown
 * error is not kept as the cause: undici's messages quote the URL, credentials and all ("Request
 * cannot be constructed from a URL that includes credentials: …"), and a logger prints causes.
 */
export function asProviderError(
  providerId: string,
  err: unknown,
  secrets: readonly string[] = [],
): ProviderError | Error {
  if (err instanceof ProviderError) return err;
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
    return err;
  }
  const why = err instanceof Error ? (causeMessage(err) ?? err.message) : String(err);
  return new ProviderError(providerId, 'network', why, { secrets });
}

/** Whether `err` is a provider's refusal of a request that does not fit the model's context. */
export function isContextExceeded(err: unknown): err is ProviderError {
  return err instanceof ProviderError && err.contextExceeded;
}

function causeMessage(err: Error): string | undefined {
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) return `${err.message} (${cause.message})`;
  return undefined;
}

/** `text` with its white space collapsed, cut to `max` characters (an ellipsis when cut). */
function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
