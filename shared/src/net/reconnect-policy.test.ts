import { describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/messages.ts';
import {
  closeKind,
  DEFAULT_RECONNECT,
  nextReconnectDelayMs,
  ticketErrorKind,
  type ReconnectContext,
} from './reconnect-policy.ts';

const ctx = (over: Partial<ReconnectContext>): ReconnectContext => ({
  kind: 'dropped',
  attempt: 0,
  elapsedMs: 0,
  visible: true,
  random: () => 0.5,
  ...over,
});

describe('reconnect policy', () => {
  it('names what a close means', () => {
    expect(closeKind(1006, true)).toBe('dropped');
    expect(closeKind(1006, false)).toBe('unreachable');
    expect(closeKind(1005, true)).toBe('dropped');
    expect(closeKind(CloseCode.ServiceRestart, true)).toBe('restarting');
    expect(closeKind(CloseCode.SessionNotFound, true)).toBe('fatal');
    expect(closeKind(CloseCode.RateLimited, true)).toBe('refused');
    expect(closeKind(CloseCode.InternalError, true)).toBe('refused');
  });

  it('names what a failed ticket request means', () => {
    expect(ticketErrorKind(new Error('fetch failed'))).toBe('unreachable');
    expect(ticketErrorKind({ status: 0 })).toBe('unreachable');
    expect(ticketErrorKind({ status: 502 })).toBe('unreachable');
    expect(ticketErrorKind({ status: 401 })).toBe('fatal');
    expect(ticketErrorKind({ status: 429 })).toBe('refused');
    expect(ticketErrorKind({ status: 500 })).toBe('refused');
    // A relay at MAX_CONNECTIONS says so: backed off from, not tried at the steady pace.
    expect(ticketErrorKind({ status: 503, code: 'limit-exceeded' })).toBe('refused');
    expect(ticketErrorKind({ status: 503, code: 'http-error' })).toBe('unreachable');
  });

  it('tries an unreachable or restarting relay at a steady pace, spread around its mean', () => {
    for (const kind of ['unreachable', 'restarting'] as const) {
      const at = (random: number) =>
        nextReconnectDelayMs(ctx({ kind, attempt: 12, elapsedMs: 60_000, random: () => random }));
      expect(at(0)).toBe(DEFAULT_RECONNECT.steadyMs / 2);
      expect(at(0.999)).toBeLessThan(DEFAULT_RECONNECT.steadyMs * 1.5);
    }
  });

  it('falls back to the backoff after the steady pace has lasted its time', () => {
    const delay = nextReconnectDelayMs(
      ctx({ kind: 'unreachable', attempt: 12, elapsedMs: DEFAULT_RECONNECT.steadyForMs }),
    );
    expect(delay).toBe(DEFAULT_RECONNECT.capMs / 2);
  });

  it('backs off exponentially from a relay that refuses, and a hidden tab gives up', () => {
    expect(nextReconnectDelayMs(ctx({ kind: 'refused', attempt: 3 }))).toBe(1000);
    expect(
      nextReconnectDelayMs(
        ctx({ kind: 'unreachable', visible: false, elapsedMs: DEFAULT_RECONNECT.giveUpAfterMs! }),
      ),
    ).toBeNull();
  });
});
