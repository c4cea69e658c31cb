import { describe, expect, it } from 'vitest';
import { retryRelay, type RelayRetryDeps } from './relay-retry.ts';

/** How one start of the call ends. */
type StartOutcome = 'runs' | 'no-relay' | 'mic-refused' | 'throws' | 'hangs';

/**
 * The page as the retry sees it: what is to be started again, the call's starts (each ending as
 * `starts` says, in turn) and the relay's health check (answering `relayAnswers`), with what
 * happened, in order.
 */
function page(o: { startRetry: 'call' | null; starts?: StartOutcome[]; relayAnswers?: boolean }) {
  const events: string[] = [];
  const failures: unknown[] = [];
  const starts = [...(o.starts ?? [])];
  let startRetry = o.startRetry;
  let running = false;
  const deps: RelayRetryDeps = {
    startRetry: () => startRetry,
    clearStartRetry: () => {
      startRetry = null;
    },
    startCall: () => {
      const outcome = starts.shift() ?? 'hangs';
      events.push(`start (${outcome})`);
      switch (outcome) {
        case 'runs':
          running = true;
          return Promise.resolve();
        case 'no-relay':
          // As the call reports it: the relay notice, with a retry of the call.
          startRetry = 'call';
          return Promise.resolve();
        case 'mic-refused':
          return Promise.resolve();
        case 'throws':
          return Promise.reject(new Error('the call broke'));
        case 'hangs':
          return new Promise<void>(() => undefined);
      }
    },
    callStarted: () => running,
    checkRelay: () => {
      events.push('check');
      return Promise.resolve(o.relayAnswers ?? true);
    },
    failed: (err) => failures.push(err),
  };
  return { deps, events, failures, startRetry: () => startRetry, running: () => running };
}

describe('the relay notice’s Retry', () => {
  it('asks the relay at once, even while the call’s start has not settled', async () => {
    const p = page({ startRetry: 'call', starts: ['hangs'] });
    void retryRelay(p.deps);
    await Promise.resolve();
    expect(p.events).toContain('check');
    expect(p.events).toContain('start (hangs)');
  });

  it('starts the call at once when the call is what failed, and stops there once it runs', async () => {
    const p = page({ startRetry: 'call', starts: ['runs'] });
    await retryRelay(p.deps);
    expect(p.events).toEqual(['check', 'start (runs)']);
    expect(p.running()).toBe(true);
    expect(p.failures).toEqual([]);
  });

  it('starts the call once more when its start found no relay but the relay answers: it came up meanwhile', async () => {
    const p = page({ startRetry: 'call', starts: ['no-relay', 'runs'], relayAnswers: true });
    await retryRelay(p.deps);
    expect(p.events).toEqual(['check', 'start (no-relay)', 'start (runs)']);
    expect(p.running()).toBe(true);
  });

  it('keeps the call’s retry when the relay is still away: one start, said by the call', async () => {
    const p = page({ startRetry: 'call', starts: ['no-relay'], relayAnswers: false });
    await retryRelay(p.deps);
    expect(p.events).toEqual(['check', 'start (no-relay)']);
    expect(p.startRetry()).toBe('call');
    expect(p.failures).toEqual([]);
  });

  it('does not start again a call that failed otherwise (the microphone): that failure is said', async () => {
    const p = page({ startRetry: 'call', starts: ['mic-refused'] });
    await retryRelay(p.deps);
    expect(p.events).toEqual(['check', 'start (mic-refused)']);
  });

  it('says a start that throws, and does not reject (no unhandled rejection from the tap)', async () => {
    const p = page({ startRetry: 'call', starts: ['throws'] });
    await expect(retryRelay(p.deps)).resolves.toBeUndefined();
    expect(p.failures).toEqual([new Error('the call broke')]);
  });

  it('only asks the relay when no call is to be started', async () => {
    const p = page({ startRetry: null });
    await retryRelay(p.deps);
    expect(p.events).toEqual(['check']);
  });
});
