import { describe, expect, it } from 'vitest';
import { ConnectError, CloseCode, type OfflineState } from '@parley/shared';
import { MicUnavailableError, TicketError, VadLoadError } from './call-errors.ts';
import { isUnexpectedFailure, micFailure, offlineFailure, startFailure } from './failure-text.ts';

const offline = (state: Omit<OfflineState, 'kind'>): OfflineState => ({
  kind: 'offline',
  ...state,
});

describe('startFailure', () => {
  it('reads a relay that does not answer as unreachable, without the ticket: prefix', () => {
    const noAnswer = new TicketError(0, 'network', 'Cannot reach the relay.');
    const err = new ConnectError(
      offline({ reason: 'ticket: Cannot reach the relay.', loss: 'unreachable', cause: noAnswer }),
    );
    expect(startFailure(err)).toEqual({ kind: 'unreachable' });
    const gateway = new TicketError(502, 'http-error', 'The relay answered 502.');
    expect(
      startFailure(
        new ConnectError(offline({ reason: 'ticket: …', loss: 'unreachable', cause: gateway })),
      ),
    ).toEqual({ kind: 'unreachable' });
    // A socket lost before `ready` did not reach a relay either.
    expect(
      startFailure(
        new ConnectError(offline({ reason: 'closed (1006)', loss: 'unreachable', code: 1006 })),
      ),
    ).toEqual({ kind: 'unreachable' });
  });

  it('passes on a refusal in the relay’s own words', () => {
    const limit = new TicketError(429, 'rate-limited', 'Too many connections. Try again in 3 s.');
    expect(
      startFailure(
        new ConnectError(offline({ reason: 'ticket: Too many…', loss: 'refused', cause: limit })),
      ),
    ).toEqual({ kind: 'refused', text: 'Too many connections. Try again in 3 s.' });
    const budget = offline({
      reason: 'The spending cap was reached.',
      loss: 'fatal',
      code: CloseCode.BudgetExceeded,
    });
    expect(startFailure(new ConnectError(budget))).toEqual({
      kind: 'refused',
      text: 'The spending cap was reached.',
    });
  });

  it('says in the relay’s words that it is full, though it answered 503', () => {
    const full = new TicketError(
      503,
      'limit-exceeded',
      'The relay is serving as many connections as it can. Try again in a minute.',
    );
    expect(
      startFailure(
        new ConnectError(offline({ reason: 'ticket: …', loss: 'refused', cause: full })),
      ),
    ).toEqual({
      kind: 'refused',
      text: 'The relay is serving as many connections as it can. Try again in a minute.',
    });
  });

  it('asks for a token when the relay wants one', () => {
    const cause = new TicketError(401, 'unauthorized', 'Sign in again.');
    expect(
      startFailure(
        new ConnectError(offline({ reason: 'ticket: Sign in again.', loss: 'fatal', cause })),
      ),
    ).toEqual({ kind: 'needs-token' });
  });

  it('tells microphone errors apart', () => {
    expect(startFailure(new DOMException('Permission denied', 'NotAllowedError'))).toEqual({
      kind: 'mic',
      failure: 'denied',
    });
    expect(startFailure(new DOMException('Requested device not found', 'NotFoundError'))).toEqual({
      kind: 'mic',
      failure: 'missing',
    });
    expect(
      startFailure(new DOMException('Could not start audio source', 'NotReadableError')),
    ).toEqual({ kind: 'mic', failure: 'busy' });
  });

  it('says why the page cannot listen: an insecure page, a voice detector that did not load', () => {
    expect(startFailure(new MicUnavailableError())).toEqual({ kind: 'insecure' });
    const vad = new VadLoadError('no WebAssembly', { cause: new TypeError('no WebAssembly') });
    expect(startFailure(vad)).toEqual({ kind: 'vad-failed', reason: 'no WebAssembly' });
  });
});

describe('offlineFailure', () => {
  it('says plainly that a connection that kept trying gave up', () => {
    expect(
      offlineFailure(
        offline({ reason: 'gave up reconnecting: closed (1006)', loss: 'dropped', gaveUp: true }),
      ),
    ).toEqual({ kind: 'gave-up' });
  });
});

describe('isUnexpectedFailure', () => {
  it('is true of an exception, not of the relay, the network or the microphone', () => {
    expect(isUnexpectedFailure(new TypeError('worklet failed to load'))).toBe(true);
    expect(isUnexpectedFailure(new DOMException('denied', 'NotAllowedError'))).toBe(false);
    expect(isUnexpectedFailure(new TicketError(429, 'rate-limited', 'Too many.'))).toBe(false);
    expect(
      isUnexpectedFailure(new ConnectError(offline({ reason: 'x', loss: 'unreachable' }))),
    ).toBe(false);
  });
});

describe('micFailure', () => {
  it("reads getUserMedia's errors as refused, missing or busy, and nothing else as the microphone's", () => {
    const failure = (name: string) => micFailure(new DOMException('x', name));
    expect(['NotAllowedError', 'SecurityError'].map(failure)).toEqual(['denied', 'denied']);
    expect(['NotFoundError', 'OverconstrainedError'].map(failure)).toEqual(['missing', 'missing']);
    expect(['NotReadableError', 'AbortError'].map(failure)).toEqual(['busy', 'busy']);
    expect(failure('NetworkError')).toBeNull();
    const named = new Error('x');
    named.name = 'NotAllowedError';
    expect(micFailure(named)).toBeNull();
    expect(micFailure('NotAllowedError')).toBeNull();
  });
});

describe('a ticket refusal thrown by another copy of TicketError', () => {
  // The widget's loader (widget.js) and the call it loads (widget-call.js) are two bundles: the
  // page's getTicket throws the loader's TicketError, which is not the call's class.
  class OtherBundlesTicketError extends Error {
    override name = 'TicketError';
    constructor(
      readonly status: number,
      readonly code: string,
      message: string,
    ) {
      super(message);
    }
  }

  it('is read as the call’s own: 401 asks for a sign-in, a gateway’s is unreachable', () => {
    const signIn = new OtherBundlesTicketError(401, 'unauthorized', 'Sign in first.');
    expect(startFailure(signIn)).toEqual({ kind: 'needs-token' });
    expect(isUnexpectedFailure(signIn)).toBe(false);
    const gateway = new OtherBundlesTicketError(502, 'http-error', 'The relay answered 502.');
    expect(
      startFailure(
        new ConnectError(offline({ reason: 'ticket: …', loss: 'unreachable', cause: gateway })),
      ),
    ).toEqual({ kind: 'unreachable' });
  });

  it('is not any error that happens to have a status', () => {
    const other = Object.assign(new Error('boom'), { status: 401, code: 'x' });
    expect(startFailure(other)).toEqual({ kind: 'refused', text: 'boom' });
  });
});
