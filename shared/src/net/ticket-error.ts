/**
 * A ticket exchange (`POST /api/session`, or an embedding site's own backend) that did not give
 * a ticket: `status` is the HTTP status (0: no answer), `code` the relay's error code (its
 * `apiError` body: `{ error, message }`), and the message is in the relay's words, for the user.
 * A page's `getTicket` throws it to say why (401: a sign-in token is wanted; 502–504 or 0: the
 * relay is unreachable). One class for the call (@parley/client) and the widget's loader: zod-free
 * and tiny, so the loader may import it (widget-loader-stays-small).
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

/**
 * Whether `err` is a {@link TicketError}, this module's or another copy's: the widget's loader
 * and the call it loads are two bundles, each with its own copy of the class, so `instanceof`
 * alone would miss the loader's.
 */
export function isTicketError(err: unknown): err is TicketError {
  if (err instanceof TicketError) return true;
  if (!(err instanceof Error) || err.name !== 'TicketError') return false;
  return (
    'status' in err &&
    typeof err.status === 'number' &&
    'code' in err &&
    typeof err.code === 'string'
  );
}
