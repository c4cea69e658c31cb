import { describe, expect, it } from 'vitest';
import {
  checkSessionClock,
  MAX_TIMER_DELAY_MS,
  timerDelayMs,
  type SessionClockOptions,
} from './session-clock.ts';

const S = 1000;
const MIN = 60 * S;
const LIMITS: SessionClockOptions = {
  maxSessionMs: 30 * MIN,
  warnBeforeMs: 60 * S,
  idleTimeoutMs: 5 * MIN,
};
const START = Date.UTC(2025, 0, 1, 12, 0, 0);

/** Checks a session that started at START, last active `activeAt` ms in, `at` ms in. */
function check(at: number, activeAt = at, options = LIMITS) {
  return checkSessionClock(
    { startedAtMs: START, lastActivityAtMs: START + activeAt, nowMs: START + at },
    options,
  );
}

/**
 * Plays a session the way a connection with one timer would: wake at `nextCheckAtMs`, record
 * activity as it happens (without touching the timer), and log what the clock said. Returns
 * `[minute:second, event]` lines.
 */
function playSession(activityAt: number[], options = LIMITS): string[] {
  const log: string[] = [];
  const events = [...activityAt].sort((a, b) => a - b);
  let lastActivity = 0;
  let warned = false;
  let wakeAt: number | null = 0;
  while (wakeAt !== null) {
    const at = wakeAt;
    while (events.length > 0 && (events[0] ?? Infinity) <= at) lastActivity = events.shift() ?? 0;
    const v = check(at, lastActivity, options);
    const stamp = `${Math.floor(at / MIN)}:${String(Math.floor((at % MIN) / S)).padStart(2, '0')}`;
    if (v.kind === 'expired') {
      log.push(`${stamp} expired (${v.reason})`);
      break;
    }
    if (v.kind === 'warn' && !warned) {
      warned = true;
      log.push(`${stamp} warn: ${v.remainingMs / S} s left`);
    }
    wakeAt = v.nextCheckAtMs === null ? null : v.nextCheckAtMs - START;
    if (log.length > 100) throw new Error('the timer never settles');
  }
  return log;
}

describe('checkSessionClock', () => {
  it('is ok early on, and asks to be checked when the idle timeout would strike', () => {
    expect(check(0)).toEqual({ kind: 'ok', nextCheckAtMs: START + 5 * MIN });
    expect(check(10 * MIN, 8 * MIN)).toEqual({ kind: 'ok', nextCheckAtMs: START + 13 * MIN });
  });

  it('asks to be checked when the warning is due, if that comes first', () => {
    expect(check(27 * MIN)).toEqual({ kind: 'ok', nextCheckAtMs: START + 29 * MIN });
  });

  it('warns exactly 60 s before the length limit, and counts down', () => {
    expect(check(29 * MIN - 1).kind).toBe('ok');
    expect(check(29 * MIN)).toEqual({
      kind: 'warn',
      remainingMs: 60 * S,
      nextCheckAtMs: START + 30 * MIN,
    });
    expect(check(30 * MIN - 1)).toEqual({
      kind: 'warn',
      remainingMs: 1,
      nextCheckAtMs: START + 30 * MIN,
    });
  });

  it('expires at the length limit exactly, however active the user is', () => {
    expect(check(30 * MIN)).toEqual({ kind: 'expired', reason: 'max-length' });
    expect(check(31 * MIN)).toEqual({ kind: 'expired', reason: 'max-length' });
  });

  it('expires after the idle timeout exactly', () => {
    expect(check(12 * MIN - 1, 7 * MIN).kind).toBe('ok');
    expect(check(12 * MIN, 7 * MIN)).toEqual({ kind: 'expired', reason: 'idle' });
  });

  it('during the warning, the next check is the idle deadline if that comes first', () => {
    expect(check(29 * MIN + 10 * S, 24 * MIN + 30 * S)).toEqual({
      kind: 'warn',
      remainingMs: 50 * S,
      nextCheckAtMs: START + 29 * MIN + 30 * S,
    });
  });

  it('when both deadlines have passed, names the one that passed first', () => {
    expect(check(40 * MIN, 26 * MIN)).toEqual({ kind: 'expired', reason: 'max-length' });
    expect(check(40 * MIN, 24 * MIN)).toEqual({ kind: 'expired', reason: 'idle' });
  });

  it('0 turns a limit off', () => {
    const noLength = { ...LIMITS, maxSessionMs: 0 };
    expect(check(600 * MIN, 599 * MIN, noLength)).toEqual({
      kind: 'ok',
      nextCheckAtMs: START + 604 * MIN,
    });
    const noIdle = { ...LIMITS, idleTimeoutMs: 0 };
    expect(check(20 * MIN, 0, noIdle)).toEqual({ kind: 'ok', nextCheckAtMs: START + 29 * MIN });
    const noWarning = { ...LIMITS, warnBeforeMs: 0 };
    expect(check(29 * MIN + 30 * S, 29 * MIN, noWarning)).toEqual({
      kind: 'ok',
      nextCheckAtMs: START + 30 * MIN,
    });
    const nothing = { maxSessionMs: 0, warnBeforeMs: 60 * S, idleTimeoutMs: 0 };
    expect(check(1e9, 0, nothing)).toEqual({ kind: 'ok', nextCheckAtMs: null });
  });

  describe('driving one timer', () => {
    it('a chatty user is warned once at 29:00 and cut at 30:00', () => {
      const everyTwoMinutes = Array.from({ length: 20 }, (_, i) => i * 2 * MIN);
      expect(playSession(everyTwoMinutes)).toEqual([
        '29:00 warn: 60 s left',
        '30:00 expired (max-length)',
      ]);
    });

    it('a user who goes quiet at 3:00 is cut at 8:00', () => {
      expect(playSession([1 * MIN, 3 * MIN])).toEqual(['8:00 expired (idle)']);
    });

    it('a user who goes quiet at 25:30 reaches the length limit before the idle timeout', () => {
      const active = [...Array.from({ length: 13 }, (_, i) => i * 2 * MIN), 25 * MIN + 30 * S];
      expect(playSession(active)).toEqual(['29:00 warn: 60 s left', '30:00 expired (max-length)']);
    });

    it('a user who goes quiet at 24:30 is warned, then cut for idling at 29:30', () => {
      const active = Array.from({ length: 50 }, (_, i) => i * 30 * S);
      expect(playSession(active)).toEqual(['29:00 warn: 60 s left', '29:30 expired (idle)']);
    });
  });
});

describe('timerDelayMs', () => {
  it('is the whole milliseconds until the deadline, never negative', () => {
    expect(timerDelayMs(1500.2, 1000)).toBe(501);
    expect(timerDelayMs(900, 1000)).toBe(0);
  });

  it('never exceeds what setTimeout accepts', () => {
    expect(timerDelayMs(1e15, 0)).toBe(MAX_TIMER_DELAY_MS);
  });
});
