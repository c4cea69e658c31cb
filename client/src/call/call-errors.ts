// The ticket exchange's refusal is one class, shared with the widget's loader (see there).
export { isTicketError, TicketError } from '@parley/shared/ticket-error';

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
