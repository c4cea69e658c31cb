import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../providers/net/provider-error.ts';
import { logFailure, reportError, useErrorTracker, type ErrorScope } from './report-error.ts';

/** A tracker that keeps what it was given. */
function keeping() {
  const captured: { error: Error; scope: ErrorScope }[] = [];
  useErrorTracker({
    capture: (error, scope) => captured.push({ error, scope }),
    flush: () => Promise.resolve(),
  });
  return captured;
}

/** A turn's logger as the relay makes it: the subsystem's, the session's, then the turn's. */
function turnLog(lines: string[] = []) {
  const root = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
  return root.child({ name: 'relay:session' }).child({ sessionId: 'S1' }).child({ turnId: 7 });
}

afterEach(() => useErrorTracker(null));

describe('reporting an error', () => {
  it('tags it with the session and turn its logger is bound to', () => {
    const captured = keeping();
    const err = new Error('boom');
    reportError(err, 'turn crashed', turnLog(), { route: '/x' });
    expect(captured).toEqual([
      {
        error: err,
        scope: {
          what: 'turn crashed',
          sessionId: 'S1',
          turnId: 7,
          logger: 'relay:session',
          tags: { route: '/x' },
        },
      },
    ]);
  });

  it('sends a provider failure summarised, with its classification', () => {
    const captured = keeping();
    reportError(
      new ProviderError('openai', 'http', 'HTTP 500: body', { status: 500 }),
      'llm failed',
    );
    expect(captured[0]?.error.message).toBe('openai: http (HTTP 500)');
    expect(captured[0]?.scope).toEqual({
      what: 'llm failed',
      tags: { provider: 'openai', failure: 'http', httpStatus: 500 },
    });
  });

  it('does nothing while error tracking is off', () => {
    useErrorTracker(null);
    expect(() => reportError(new Error('x'), 'y')).not.toThrow();
  });

  it('logs the failure at error and reports it, from one call', () => {
    const captured = keeping();
    const lines: string[] = [];
    logFailure(turnLog(lines), new TypeError('bad'), 'asr failed', { provider: 'p' });
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'asr failed',
        err: 'TypeError: bad',
        provider: 'p',
        sessionId: 'S1',
        turnId: 7,
      }),
    ]);
    expect(captured.map((c) => c.scope.what)).toEqual(['asr failed']);
  });
});
