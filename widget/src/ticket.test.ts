import { describe, expect, it } from 'vitest';
import {
  SITE_NOT_ALLOWED_MESSAGE,
  apiError,
  siteNotAllowedError,
  ticketResponse,
} from '@parley/shared';
import { problemOf } from './model.ts';
import { TicketError, ticketFailure, ticketOf, ticketSource } from './ticket.ts';

/** Answers the relay gives, as its protocol's schemas have them. */
const TICKET = ticketResponse.parse({ ticket: 't-123', expiresAtMs: 1, userId: 'dev' });
const REFUSAL = siteNotAllowedError.parse({
  error: 'forbidden',
  message: SITE_NOT_ALLOWED_MESSAGE,
});
const UNSIGNED = apiError.parse({ error: 'unauthorized', message: 'Sign in first.' });

/** A fetch that records what it was asked and answers `status` with `body` (JSON). */
function fakeFetch(status: number, body: unknown) {
  const asked: { url: string; init: RequestInit }[] = [];
  const fetchFn = (url: string, init: RequestInit) => {
    asked.push({ url, init });
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  };
  return { asked, fetchFn };
}

const signal = () => new AbortController().signal;

describe('the widget’s tickets', () => {
  it('reads the ticket of the relay’s answer', () => {
    expect(ticketOf(200, TICKET)).toBe('t-123');
  });

  it('reads a refusal as the TicketError it is, and the site’s refusal as the panel says it', () => {
    const refused = () => ticketOf(403, REFUSAL);
    expect(refused).toThrow(TicketError);
    try {
      refused();
    } catch (err) {
      expect(err).toMatchObject({
        status: 403,
        code: 'forbidden',
        message: SITE_NOT_ALLOWED_MESSAGE,
      });
      const failure = ticketFailure(err);
      expect(failure).toEqual({ kind: 'refused', text: SITE_NOT_ALLOWED_MESSAGE });
      expect(failure && problemOf(failure)).toEqual({ kind: 'not-allowed' });
    }
  });

  it('asks for a sign-in on a 401, says unreachable when nothing or a gateway answers', () => {
    expect(ticketFailure(new TicketError(401, UNSIGNED.error, UNSIGNED.message))).toEqual({
      kind: 'needs-token',
    });
    for (const status of [0, 502, 503, 504])
      expect(ticketFailure(new TicketError(status, 'x', 'y')), String(status)).toEqual({
        kind: 'unreachable',
      });
    expect(ticketFailure(new TicketError(503, 'limit-exceeded', 'The relay is full.'))).toEqual({
      kind: 'refused',
      text: 'The relay is full.',
    });
    expect(ticketFailure(new Error('boom'))).toBeNull();
    // A 200 without a ticket is no ticket.
    expect(() => ticketOf(200, { userId: 'dev' })).toThrow(/answered 200 without a ticket/);
  });

  it('asks the page’s getTicket first, then ticket-url with the site’s cookies, then the relay', async () => {
    const { asked, fetchFn } = fakeFetch(200, TICKET);
    const own = ticketSource(
      {
        getTicket: () => Promise.resolve('mine'),
        ticketUrl: 'https://shop.example/t',
        relayUrl: 'https://relay.example',
      },
      fetchFn,
    );
    expect(await own(signal())).toBe('mine');
    expect(asked).toEqual([]);

    const site = ticketSource(
      { getTicket: null, ticketUrl: 'https://shop.example/t', relayUrl: 'https://relay.example' },
      fetchFn,
    );
    expect(await site(signal())).toBe('t-123');
    expect(asked[0]).toMatchObject({
      url: 'https://shop.example/t',
      init: { method: 'POST', credentials: 'same-origin' },
    });

    const relay = ticketSource(
      { getTicket: null, ticketUrl: null, relayUrl: 'https://relay.example' },
      fetchFn,
    );
    expect(await relay(signal())).toBe('t-123');
    expect(asked[1]).toMatchObject({
      url: 'https://relay.example/api/session',
      init: { method: 'POST', credentials: 'omit' },
    });
  });

  it('turns no answer into status 0, and lets an abort through as it is', async () => {
    const down = ticketSource(
      { getTicket: null, ticketUrl: null, relayUrl: 'https://relay.example' },
      () => Promise.reject(new TypeError('Failed to fetch')),
    );
    await expect(down(signal())).rejects.toMatchObject({ name: 'TicketError', status: 0 });

    const aborted = new AbortController();
    aborted.abort();
    const abortError = new DOMException('aborted', 'AbortError');
    const gone = ticketSource(
      { getTicket: null, ticketUrl: null, relayUrl: 'https://relay.example' },
      () => Promise.reject(abortError),
    );
    await expect(gone(aborted.signal)).rejects.toBe(abortError);
  });
});
