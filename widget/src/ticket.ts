import { isTicketError, TicketError } from '@parley/shared/ticket-error';
import type { StartFailure } from './call/call-port.ts';

// One TicketError for the loader and the call (shared/src/net/ticket-error.ts): tiny and
// zod-free, so the loader stays small; re-exported for the element's page.
export { TicketError };

/** Where the widget gets a ticket for each (re)connection. */
export type GetTicket = (signal: AbortSignal) => Promise<string>;

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** A record's string field, or null. */
function field(body: unknown, name: string): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

/**
 * The ticket of an answer (the relay's `ticketResponse`, or the embedding site's answer with the
 * same `ticket` field), or the {@link TicketError} it means. Read by hand, not with the protocol's
 * zod schema, to keep zod out of the loader (its size); ticket.test.ts feeds it answers that the
 * protocol's schemas (`ticketResponse`, `siteNotAllowedError`) accept.
 */
export function ticketOf(status: number, body: unknown): string {
  const ticket = field(body, 'ticket');
  if (status >= 200 && status < 300 && ticket) return ticket;
  throw new TicketError(
    status,
    field(body, 'error') ?? 'no-ticket',
    field(body, 'message') ?? `The ticket exchange answered ${status} without a ticket.`,
  );
}

/** POSTs to `url` and reads the ticket of its answer; no answer at all is status 0. */
export function ticketFrom(
  url: string,
  fetchFn: Fetch,
  credentials: RequestCredentials,
): GetTicket {
  return async (signal) => {
    let res: Response;
    try {
      res = await fetchFn(url, { method: 'POST', credentials, signal });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new TicketError(0, 'unreachable', `${url} did not answer: ${String(err)}`);
    }
    const body: unknown = await res.json().catch(() => null);
    return ticketOf(res.status, body);
  };
}

/** Where the element's tickets come from, by what the page gave. */
export interface TicketSource {
  /** The page's own function (`element.getTicket = …`), first. */
  getTicket: GetTicket | null;
  /** `ticket-url`: the embedding site's backend, which asks the relay with its user's JWT. */
  ticketUrl: string | null;
  /** The relay: asked directly when the page gave neither (a dev-mode relay needs no token). */
  relayUrl: string;
}

/**
 * The ticket function the call is given: the page's `getTicket`; else a POST to `ticket-url`
 * (with the site's cookies: it is the site's own backend); else a POST to the relay's
 * `/api/session` (no cookie: the relay uses none).
 */
export function ticketSource(source: TicketSource, fetchFn: Fetch): GetTicket {
  if (source.getTicket) return source.getTicket;
  if (source.ticketUrl) return ticketFrom(source.ticketUrl, fetchFn, 'same-origin');
  return ticketFrom(`${source.relayUrl}/api/session`, fetchFn, 'omit');
}

/**
 * What a failed ticket exchange means for the panel, as the call's start failure reads it
 * (client/src/call/failure-text.ts): 401 asks for a sign-in, no answer or a gateway's is
 * "unreachable", any other refusal is shown in the relay's words (the site not listed among
 * them). Null: not a ticket exchange's failure (the call judges it).
 */
export function ticketFailure(err: unknown): StartFailure | null {
  if (!isTicketError(err)) return null;
  if (err.status === 401) return { kind: 'needs-token' };
  if (err.code === 'limit-exceeded') return { kind: 'refused', text: err.message };
  if ([0, 502, 503, 504].includes(err.status)) return { kind: 'unreachable' };
  return { kind: 'refused', text: err.message };
}
