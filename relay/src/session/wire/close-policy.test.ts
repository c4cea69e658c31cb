import { describe, expect, it } from 'vitest';
import { CloseCode } from '@parley/shared';
import { RelayError } from '../../errors.ts';
import { messagesTooFast, sessionExpired } from '../../limits/limit-errors.ts';
import { clientCloseEndsSession, failureEndsSession } from './close-policy.ts';

describe('close policy', () => {
  it('only the user ending the conversation (1000) ends it from the client side', () => {
    expect(clientCloseEndsSession(CloseCode.Normal)).toBe(true);
    // A bare close() of a client that gave up on a path, its explicit "abandoned", a lost
    // connection, a browser leaving, a page handing its session to the tab's next page, a
    // restart: the session waits for a resume.
    const lost = [1005, CloseCode.Abandoned, 1006, CloseCode.GoingAway, CloseCode.HandedOff];
    for (const code of [...lost, 1012, 4999]) expect(clientCloseEndsSession(code)).toBe(false);
  });

  it('a relay-side close ends the session unless the error says to come back', () => {
    expect(failureEndsSession(messagesTooFast(1000))).toBe(false);
    expect(failureEndsSession(sessionExpired('idle', 300_000))).toBe(true);
    expect(failureEndsSession(RelayError.budgetExceeded('spent'))).toBe(true);
  });
});
