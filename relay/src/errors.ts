import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  CloseCode,
  SITE_NOT_ALLOWED_MESSAGE,
  type ErrorCode,
  type ServerMessage,
  type Stage,
} from '@parley/shared';

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

  /** The close code when this error ends a connection (fatal ones name theirs). */
  get closeCode(): number {
    return this.options.closeCode ?? CloseCode.PolicyViolation;
  }

  /** Whether telling the client ends its connection. */
  get fatal(): boolean {
    return this.options.closeCode !== undefined;
  }

  /** The `error` message that tells the client (of `turnId`'s turn, when there is one). */
  toMessage(turnId = this.options.turnId): Extract<ServerMessage, { type: 'error' }> {
    return {
      type: 'error',
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.options.retryAfterMs === undefined
        ? {}
        : { retryAfterMs: Math.ceil(this.options.retryAfterMs) }),
      ...(turnId === undefined ? {} : { turnId }),
    };
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

  /** A client message or frame that does not parse: the wire's own code for it, not fatal. */
  static invalidInput(code: ErrorCode, message: string): RelayError {
    return new RelayError(code, message);
  }

  /** Too many invalid messages on one connection (the last one's code): closes it. */
  static tooManyInvalid(code: ErrorCode): RelayError {
    return new RelayError(code, 'Too many invalid messages; closing.', {
      closeCode: CloseCode.TooManyErrors,
    });
  }

  /** No `hello` within the handshake timeout. */
  static helloTimeout(): RelayError {
    return new RelayError(
      'no-session',
      'No hello received in time; reconnect and send hello first.',
      {
        closeCode: CloseCode.HandshakeTimeout,
      },
    );
  }

  /** A newer connection resumed the session: this one closes. */
  static replaced(): RelayError {
    return new RelayError('no-session', 'This conversation continues on a newer connection.', {
      closeCode: CloseCode.Replaced,
    });
  }

  /** The same answer whether the session never existed, expired, or is someone else's. */
  static notResumable(): RelayError {
    return new RelayError(
      'no-session',
      'This conversation can no longer be resumed. Press Talk to start a new one.',
      { closeCode: CloseCode.SessionNotFound },
    );
  }

  /**
   * A past conversation that cannot be continued: the same answer whether it never existed,
   * was deleted, or is someone else's (existence does not leak).
   */
  static notContinuable(): RelayError {
    return new RelayError(
      'no-session',
      'This conversation cannot be continued: it was deleted or is not yours. Start a new one.',
      { closeCode: CloseCode.SessionNotFound },
    );
  }

  /** Turn ids of a session only increase. */
  static turnIdNotIncreasing(turnId: number, last: number): RelayError {
    return new RelayError('unknown-turn', `Turn ids must increase: ${turnId} follows ${last}.`, {
      turnId,
    });
  }

  /**
   * Something the relay did not expect went wrong; `during` says where (the message the user
   * reads). Closes the connection (InternalError); the client may try again.
   */
  static internal(message: string, cause?: unknown): RelayError {
    return new RelayError('internal', message, {
      closeCode: CloseCode.InternalError,
      retryable: true,
      ...(cause === undefined ? {} : { cause }),
    });
  }

  /** Another relay still holds the session (a hand-over in progress): try again shortly. */
  static heldElsewhere(): RelayError {
    return new RelayError(
      'internal',
      'This conversation is still open on another server. Try again in a few seconds.',
      { retryable: true, status: 503 },
    );
  }

  /** The relays' shared store did not answer. */
  static sharedStoreUnavailable(cause: unknown): RelayError {
    return new RelayError(
      'internal',
      'The service is briefly unable to check your session. Try again in a few seconds.',
      { retryable: true, status: 503, cause },
    );
  }

  /** A refusal during the handshake: fatal, with its own close code or a policy violation. */
  asHandshakeRefusal(): RelayError {
    if (this.fatal) return this;
    return new RelayError(this.code, this.message, {
      ...this.options,
      closeCode: CloseCode.PolicyViolation,
    });
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

  /**
   * A page from an origin that may not use this (not the app's, not a site listed to embed the
   * assistant): 403 with the words a widget shows (`siteNotAllowedError`), close 4403.
   */
  static siteNotAllowed(): RelayError {
    return RelayError.forbidden(SITE_NOT_ALLOWED_MESSAGE);
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

  /**
   * A request body larger than its route takes (`maxBytes`): refused before the rest of it is
   * read (413).
   */
  static payloadTooLarge(maxBytes: number): RelayError {
    const size = maxBytes % 1024 === 0 ? `${maxBytes / 1024} KiB` : `${maxBytes} bytes`;
    return new RelayError('limit-exceeded', `The request body must fit in ${size}.`, {
      status: 413,
    });
  }

  /**
   * The relay is serving all it can (a capacity set by its operator): 503, with when trying
   * again may succeed. Refused before anything starts, so nothing is closed.
   */
  static overloaded(message: string, retryAfterMs: number): RelayError {
    return new RelayError('limit-exceeded', message, {
      status: 503,
      retryable: true,
      retryAfterMs,
    });
  }

  /**
   * Turn `turnId` ran `limitMs` and was stopped (a provider that never answered): the turn
   * fails, the conversation goes on.
   */
  static turnTimedOut(turnId: number, limitMs: number): RelayError {
    const seconds = Math.max(1, Math.ceil(limitMs / 1000));
    return new RelayError(
      'turn-timeout',
      `The reply took too long (over ${seconds} s) and was stopped. Please try again.`,
      { retryable: true, turnId },
    );
  }

  static budgetExceeded(message: string): RelayError {
    return new RelayError('budget-exceeded', message, {
      status: 402,
      closeCode: CloseCode.BudgetExceeded,
    });
  }

  /** No voice of the chain could say a voice preview (HTTP 502): nothing to play. */
  static previewFailed(cause: unknown): RelayError {
    return new RelayError(
      'tts-failed',
      'The voice could not be reached to play a sample. Try again in a moment.',
      { status: 502, retryable: true, cause },
    );
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
   * No language model could take the turn because the conversation does not fit its context:
   * not retryable (the same conversation is refused again); a new conversation goes on.
   */
  static conversationTooLong(turnId: number, cause: unknown): RelayError {
    return new RelayError(
      'conversation-too-long',
      'This conversation is too long for the language model. Start a new conversation to go on.',
      { turnId, cause },
    );
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

  /**
   * An API key was to be saved, but the relay has no key to encrypt it with (jwt mode without
   * `SETTINGS_KEY`): a state of the relay, not of the request (409).
   */
  static settingsKeyMissing(): RelayError {
    return new RelayError(
      'forbidden',
      'Saving an API key needs SETTINGS_KEY on the relay (32 random bytes in base64, e.g. `openssl rand -base64 32`): keys are stored encrypted with it. Set it and restart the relay, or give the key in the environment.',
      { status: 409 },
    );
  }

  /** Provider settings that cannot be used, every problem named (400). */
  static invalidSettings(problems: readonly string[]): RelayError {
    return new RelayError('bad-message', `These settings cannot be used: ${problems.join('; ')}.`, {
      status: 400,
    });
  }

  /**
   * A provider asked on the admin's behalf (its model list) failed: `message` says why in plain
   * words (502).
   */
  static providerAnswered(stage: Stage, message: string): RelayError {
    return new RelayError(`${stage}-failed`, message, { status: 502 });
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
