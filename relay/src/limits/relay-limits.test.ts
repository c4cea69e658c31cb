import { CloseCode } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { RelayError } from '../errors.ts';
import {
  audioTooFast,
  formatDuration,
  messagesTooFast,
  sessionEndingText,
  sessionExpired,
} from './limit-errors.ts';
import { createMemoryState } from '../cluster/memory-state.ts';
import { loadLimitsConfig } from './limits-config.ts';
import { createRelayLimits } from './relay-limits.ts';

function relay(env: Record<string, string> = {}) {
  let t = 0;
  const now = () => t;
  const config = loadLimitsConfig(env);
  const shared = createMemoryState({ relayId: 'test', limits: config, ticketTtlMs: 30_000, now });
  const limits = createRelayLimits(config, now, shared);
  let n = 0;
  const admit = (userId: string) => limits.admitSession(userId, `s${n++}`);
  return { limits, admit, advance: (ms: number) => void (t += ms) };
}

function errorOf(result: { ok: true } | { ok: false; error: RelayError }): RelayError {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

describe('createRelayLimits', () => {
  it('admits up to 3 sessions per user, then explains the limit', async () => {
    const { admit } = relay();
    for (let i = 0; i < 3; i++) expect((await admit('ada')).ok).toBe(true);
    const err = errorOf(await admit('ada'));
    expect(err.code).toBe('limit-exceeded');
    expect(err.options.closeCode).toBe(CloseCode.LimitExceeded);
    expect(err.message).toMatch(/already have 3 conversations open/);
    expect((await admit('bob')).ok).toBe(true);
  });

  it('frees the slot when the session is released', async () => {
    const { limits, admit } = relay({ MAX_SESSIONS_PER_USER: '1' });
    const first = await admit('ada');
    if (!first.ok) throw first.error;
    expect((await admit('ada')).ok).toBe(false);
    first.release();
    first.release();
    expect((await admit('ada')).ok).toBe(true);
    expect(await limits.sessionSlots.atUserLimit('ada')).toBe(true);
  });

  it('limits new sessions per minute, even when each is closed at once', async () => {
    const { admit, advance } = relay();
    for (let i = 0; i < 10; i++) {
      const s = await admit('ada');
      if (s.ok) s.release();
      else throw s.error;
    }
    const err = errorOf(await admit('ada'));
    expect(err.code).toBe('rate-limited');
    expect(err.options.retryAfterMs).toBe(6000);
    expect(err.options.closeCode).toBe(CloseCode.RateLimited);
    expect(err.message).toBe('Too many new conversations. Try again in 6 s.');
    advance(6000);
    expect((await admit('ada')).ok).toBe(true);
  });

  it('builds per-connection limits from the configuration', () => {
    const { limits } = relay({ MESSAGE_BURST: '2', REALTIME_CATCH_UP_S: '1' });
    const messages = limits.messageBucket();
    expect([messages.tryTake(), messages.tryTake(), messages.tryTake()]).toEqual([
      { ok: true },
      { ok: true },
      { ok: false, retryAfterMs: 20 },
    ]);
    expect(limits.realtimeGuard().onAudio(1100).kind).toBe('throttle');
    expect(limits.checkSessionClock({ startedAtMs: 0, lastActivityAtMs: 0, nowMs: 0 })).toEqual({
      kind: 'ok',
      nextCheckAtMs: 300_000,
    });
  });

  it('limits connection attempts per IP', async () => {
    const { limits } = relay({ CONNECTIONS_PER_IP_BURST: '2' });
    expect((await limits.connectionsPerIp.tryTake('203.0.113.7')).ok).toBe(true);
    expect((await limits.connectionsPerIp.tryTake('203.0.113.7')).ok).toBe(true);
    expect(await limits.connectionsPerIp.tryTake('203.0.113.7')).toEqual({
      ok: false,
      retryAfterMs: 1000,
    });
  });
});

describe('limit errors', () => {
  it('explain the session clock in the user’s terms', () => {
    const long = sessionExpired('max-length', 30 * 60_000);
    expect(long.message).toBe(
      'This conversation has lasted 30 minutes, the longest allowed. Start a new one to keep talking.',
    );
    expect(long.options.closeCode).toBe(CloseCode.LimitExceeded);
    expect(sessionExpired('idle', 300_000).message).toMatch(/after 5 minutes without activity/);
    expect(sessionEndingText(60_000)).toMatch(/^This conversation ends in 1 minute /);
  });

  it('close the connection for flooding', () => {
    expect(messagesTooFast(20).options.closeCode).toBe(CloseCode.RateLimited);
    const audio = audioTooFast(5000);
    expect(audio.code).toBe('rate-limited');
    expect(audio.message).toBe('Too many audio frames, faster than real time. Try again in 5 s.');
  });

  it('format durations for people', () => {
    expect(formatDuration(1)).toBe('1 second');
    expect(formatDuration(45_000)).toBe('45 seconds');
    expect(formatDuration(60_000)).toBe('1 minute');
    expect(formatDuration(90_000)).toBe('90 seconds');
    expect(formatDuration(120_000)).toBe('2 minutes');
    expect(formatDuration(150_000)).toBe('2.5 minutes');
    expect(formatDuration(30 * 60_000)).toBe('30 minutes');
    expect(formatDuration(3 * 3600_000)).toBe('3 hours');
  });
});
