/**
 * The relay refused a ticket for a connection (`POST /api/session`), or could not be asked:
 * `status` is the HTTP status (0: no answer), `code` the relay's error code, and the message is
 * in the relay's words, for the user. A page's `ticket` throws it to say why (401: a sign-in
 * token is wanted; 502–504 or 0: the relay is unreachable).
 */
export class TicketError extends Error {
  override name = 'TicketError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The page may not use the microphone: it has no `navigator.mediaDevices` (an insecure origin). */
export class MicUnavailableError extends Error {
  override name = 'MicUnavailableError';
  readonly reason = 'insecure';
  constructor() {
    super('navigator.mediaDevices is unavailable (the page is not a secure context)');
  }
}

/** The voice activity detector could not be loaded; `reason` says why, in the browser's words. */
export class VadLoadError extends Error {
  override name = 'VadLoadError';
  constructor(
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(reason, options);
  }
}
