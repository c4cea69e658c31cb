import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retryRelay, type RelayRetryDeps } from './relay-retry.ts';

/** How one start of the call ends. */
type StartOutcome = 'runs' | 'no-relay' | 'mic-refused' | 'throws' | 'hangs';

/**
 * The page as the retry sees it: what is to be started again, the call's starts (each ending as
 * `starts` says, in turn) and the relay's health checks (answering as `answers` says, in turn,
 * the last answer repeated), on the test's fake clock, with what happened, in order.
 */
function page(o: { startRetry: 'call' | null; starts?: StartOutcome[]; answers?: boolean[] }) {
  const events: string[] = [];
  const failures: unknown[] = [];
  const starts = [...(o.starts ?? [])];
  const answers = [...(o.answers ?? [true])];
  let startRetry = o.startRetry;
  let running = false;
  let latest = true;
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
      const answer = answers.length > 1 ? (answers.shift() ?? true) : (answers[0] ?? true);
      events.push(answer ? 'check (answers)' : 'check (no answer)');
      return Promise.resolve(answer);
    },
    failed: (err) => failures.push(err),
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    random: () => 0.5,
    visible: () => true,
    current: () => latest,
  };
  return {
    deps,
    events,
    failures,
    startRetry: () => startRetry,
    running: () => running,
    /** The user does something else: types (the call's retry is forgotten). */
    typed: () => {
      startRetry = null;
    },
    /** The user taps Retry again: this retry is no longer the latest. */
    tappedAgain: () => {
      latest = false;
    },
  };
}

describe('the relay notice’s Retry', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks the relay at once, even while the call’s start has not settled', async () => {
    const p = page({ startRetry: 'call', starts: ['hangs'] });
    void retryRelay(p.deps);
    await Promise.resolve();
    expect(p.events).toContain('check (answers)');
    expect(p.events).toContain('start (hangs)');
  });

  it('starts the call at once when the call is what failed, and stops there once it runs', async () => {
    const p = page({ startRetry: 'call', starts: ['runs'] });
    await retryRelay(p.deps);
    expect(p.events).toEqual(['check (answers)', 'start (runs)']);
    expect(p.running()).toBe(true);
    expect(p.failures).toEqual([]);
  });

  it('starts the call once more at once when its start found no relay but the relay answers: it came up meanwhile', async () => {
    const p = page({ startRetry: 'call', starts: ['no-relay', 'runs'], answers: [true] });
    await retryRelay(p.deps);
    expect(p.events).toEqual(['check (answers)', 'start (no-relay)', 'start (runs)']);
    expect(p.running()).toBe(true);
  });

  it('keeps trying after two starts that found no relay although it answered, until the call starts (CI: Ready, unreachable, no call)', async () => {
    const p = page({ startRetry: 'call', starts: ['no-relay', 'no-relay', 'runs'] });
    const retried = retryRelay(p.deps);
    await vi.advanceTimersByTimeAsync(30_000);
    await retried;
    expect(p.events).toEqual([
      'check (answers)',
      'start (no-relay)',
      'start (no-relay)',
      'check (answers)',
      'start (runs)',
    ]);
    expect(p.running()).toBe(true);
    expect(p.failures).toEqual([]);
  });

  it('when the check asked with the tap found no relay (asked just before it came up), asks again at the connection’s pace and starts the call once it answers', async () => {
    const p = page({ startRetry: 'call', starts: ['no-relay', 'runs'], answers: [false, true] });
    const retried = retryRelay(p.deps);
    await vi.advanceTimersByTimeAsync(1_000);
    await retried;
    expect(p.events).toEqual([
      'check (no answer)',
      'start (no-relay)',
      'check (answers)',
      'start (runs)',
    ]);
    expect(p.running()).toBe(true);
  });

  it('while the relay is still away: keeps asking it, without starting the call again, and starts it once it answers', async () => {
    const p = page({
      startRetry: 'call',
      starts: ['no-relay', 'runs'],
      answers: [false, false, false, false, true],
    });
    const retried = retryRelay(p.deps);
    await vi.advanceTimersByTimeAsync(1_000);
    // Still away: one start so far, the call's retry kept (the notice offers it).
    expect(p.events.filter((e) => e.startsWith('start'))).toEqual(['start (no-relay)']);
    expect(p.startRetry()).toBe('call');
    await vi.advanceTimersByTimeAsync(10_000);
    await retried;
    expect(p.events).toEqual([
      'check (no answer)',
      'start (no-relay)',
      'check (no answer)',
      'check (no answer)',
      'check (no answer)',
      'check (answers)',
      'start (runs)',
    ]);
    expect(p.running()).toBe(true);
    expect(p.failures).toEqual([]);
  });

  it('stops trying once the user does something else (types: the call’s retry is forgotten)', async () => {
    const p = page({ startRetry: 'call', starts: ['no-relay'], answers: [false] });
    const retried = retryRelay(p.deps);
    await vi.advanceTimersByTimeAsync(1_000);
    p.typed();
    await vi.advanceTimersByTimeAsync(60_000);
    await retried;
    const checks = p.events.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(p.events).toHaveLength(checks);
    expect(p.events.filter((e) => e.startsWith('start'))).toEqual(['start (no-relay)']);
  });

  it('stops trying once the user taps Retry again (the newer tap goes on)', async () => {
    const p = page({ startRetry: 'call', starts: ['no-relay', 'runs'], answers: [false] });
    const retried = retryRelay(p.deps);
    await vi.advanceTimersByTimeAsync(1_000);
    p.tappedAgain();
    await vi.advanceTimersByTimeAsync(1_000);
    await retried;
    const after = p.events.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(p.events).toHaveLength(after);
  });

  it('does not start again a call that failed otherwise (the microphone): that failure is said', async () => {
    const p = page({ startRetry: 'call', starts: ['mic-refused'] });
    await retryRelay(p.deps);
    expect(p.events).toEqual(['check (answers)', 'start (mic-refused)']);
  });

  it('says a start that throws, and does not reject (no unhandled rejection from the tap)', async () => {
    const p = page({ startRetry: 'call', starts: ['throws'] });
    await expect(retryRelay(p.deps)).resolves.toBeUndefined();
    expect(p.failures).toEqual([new Error('the call broke')]);
  });

  it('says a start that throws on a later try, and does not reject', async () => {
    const p = page({ startRetry: 'call', starts: ['no-relay', 'throws'], answers: [false, true] });
    const retried = retryRelay(p.deps);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(retried).resolves.toBeUndefined();
    expect(p.failures).toEqual([new Error('the call broke')]);
  });

  it('only asks the relay when no call is to be started', async () => {
    const p = page({ startRetry: null });
    await retryRelay(p.deps);
    expect(p.events).toEqual(['check (answers)']);
  });
});
