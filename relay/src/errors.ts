import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CloseCode, type ErrorCode, type Stage } from '@parley/shared';

/** What the user is told when a whole stage is down, and what they can do. */
const UNAVAILABLE = {
  asr: 'Speech recognition is unavailable right now. Type your message instead.',
  llm: 'The language model is unavailable right now. Please try again in a moment.',
  tts: 'The voice is unavailable right now: replies are shown as text.',
} as const;

/**
 * The relay's one error type. Code throws a factory-made error; the WebSocket path turns it into
 * an `error` message (and a close code when fatal), the HTTP path into a status.
 */
export class RelayError extends Error {
  override name = 'RelayError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: {
      /** Whether sending the same thing again may succeed. */
      retryable?: boolean;
      /** Close the connection with this code after telling the client. */
      closeCode?: CloseCode;
      /** HTTP status for the REST path. */
      status?: ContentfulStatusCode;
      turnId?: number;
      /** For rate limits: when retrying may succeed (ms). */
      retryAfterMs?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }

  get retryable(): boolean {
    return this.options.retryable ?? false;
  }

  static badMessage(message: string): RelayError {
    return new RelayError('bad-message', message);
  }

  static unsupportedProtocol(got: number, want: number): RelayError {
    return new RelayError(
      'unsupported-protocol',
      `This relay speaks protocol ${want}; the client sent ${got}. Reload the page to get a matching client.`,
      { closeCode: CloseCode.UnsupportedProtocol },
    );
  }

  static noSession(): RelayError {
    return new RelayError('no-session', 'Send "hello" before anything else.', { retryable: true });
  }

  static unknownTurn(turnId: number): RelayError {
    return new RelayError('unknown-turn', `Turn ${turnId} is not the utterance in progress.`, {
      turnId,
    });
  }

  static unauthorized(
    message = 'Sign in again: your credentials are missing, invalid or expired.',
  ): RelayError {
    return new RelayError('unauthorized', message, {
      status: 401,
      closeCode: CloseCode.Unauthorized,
    });
  }

  static forbidden(message: string): RelayError {
    return new RelayError('forbidden', message, { status: 403, closeCode: CloseCode.Forbidden });
  }

  static notFound(message: string): RelayError {
    return new RelayError('not-found', message, { status: 404 });
  }

  /**
   * Too many requests; `retryAfterMs` tells the client when to try again. `turnId`: the turn it
   * refused (not fatal then: the connection goes on).
   */
  static rateLimited(
    what: string,
    retryAfterMs: number,
    fatal = false,
    turnId?: number,
  ): RelayError {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return new RelayError('rate-limited', `Too many ${what}. Try again in ${seconds} s.`, {
      status: 429,
      retryable: true,
      retryAfterMs,
      ...(fatal ? { closeCode: CloseCode.RateLimited } : {}),
      ...(turnId === undefined ? {} : { turnId }),
    });
  }

  /** A configured limit was reached; `more` names the turn it refused and whether retrying may help. */
  static limitExceeded(
    message: string,
    fatal = true,
    more: { turnId?: number; retryable?: boolean } = {},
  ): RelayError {
    return new RelayError('limit-exceeded', message, {
      status: 429,
      ...(fatal ? { closeCode: CloseCode.LimitExceeded } : {}),
      ...more,
    });
  }

  static budgetExceeded(message: string): RelayError {
    return new RelayError('budget-exceeded', message, {
      status: 402,
      closeCode: CloseCode.BudgetExceeded,
    });
  }

  /** No provider of a stage could serve the turn (every one failed or is switched off). */
  static stageUnavailable(stage: Stage, turnId: number, cause: unknown): RelayError {
    return new RelayError(`${stage}-failed`, UNAVAILABLE[stage], {
      retryable: true,
      turnId,
      cause,
    });
  }

  /**
   * A voice broke off mid-sentence and the next voice of the chain said that sentence again and
   * the rest of the reply: a note, not a failure (nothing to repeat).
   */
  static voiceReplaced(turnId: number, cause: unknown): RelayError {
    return new RelayError(
      'tts-failed',
      'The voice broke off mid-sentence: another voice took over from the start of that sentence.',
      { turnId, cause },
    );
  }

  static providerFailed(stage: Stage, turnId: number, cause: unknown): RelayError {
    const what = { asr: 'Speech recognition', llm: 'The language model', tts: 'Speech synthesis' }[
      stage
    ];
    return new RelayError(`${stage}-failed`, `${what} failed for this turn. Please say it again.`, {
      retryable: true,
      turnId,
      cause,
    });
  }
}

/** Describes any thrown value for a log line. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/** True for the errors an aborted operation ends with. */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}
