import type { RelayError } from '../errors.ts';
import { ConcurrencyLimiter, type Release } from './concurrency.ts';
import { KeyedLimiter } from './keyed-limiter.ts';
import { relayAtCapacity, sessionsTooFast, tooManySessions } from './limit-errors.ts';
import type { LimitsConfig } from './limits-config.ts';
import { RealtimeGuard } from './realtime-guard.ts';
import { checkSessionClock, type SessionClockVerdict, type SessionTimes } from './session-clock.ts';
import { TokenBucket } from './token-bucket.ts';

/**
 * Every limit of one relay process, built from {@link LimitsConfig}: the shared ones (per IP,
 * per user) and factories for the per-connection ones. Holds no timers.
 */
export interface RelayLimits {
  /** WebSocket upgrade attempts, keyed by `ipKey(remoteAddress)`. */
  readonly connectionsPerIp: KeyedLimiter;
  /** New sessions, keyed by user id. */
  readonly newSessionsPerUser: KeyedLimiter;
  /** Open sessions, keyed by user id. */
  readonly sessionsPerUser: ConcurrencyLimiter;
  /**
   * Admits a new session for `userId`: takes a new-session token (every attempt costs one, so
   * hammering `hello` is throttled), then a concurrent-session slot. On success, call `release`
   * when the session is gone for good.
   */
  admitSession(userId: string): { ok: true; release: Release } | { ok: false; error: RelayError };
  /** A message bucket for one connection (every text and binary message takes a token). */
  messageBucket(): TokenBucket;
  /** A real-time audio guard for one connection. */
  realtimeGuard(): RealtimeGuard;
  /** {@link checkSessionClock} with the configured limits. */
  checkSessionClock(times: SessionTimes): SessionClockVerdict;
}

export function createRelayLimits(config: LimitsConfig, now: () => number): RelayLimits {
  const maxKeys = config.maxKeysPerLimiter;
  const newSessionsPerUser = new KeyedLimiter({ ...config.newSessionsPerUser, maxKeys, now });
  const sessionsPerUser = new ConcurrencyLimiter({ maxPerKey: config.maxSessionsPerUser });
  return {
    connectionsPerIp: new KeyedLimiter({ ...config.connectionsPerIp, maxKeys, now }),
    newSessionsPerUser,
    sessionsPerUser,
    admitSession(userId) {
      const rate = newSessionsPerUser.tryTake(userId);
      if (!rate.ok) return { ok: false, error: sessionsTooFast(rate.retryAfterMs) };
      const release = sessionsPerUser.acquire(userId);
      if (!release) {
        const atUserLimit = sessionsPerUser.count(userId) >= config.maxSessionsPerUser;
        const error = atUserLimit ? tooManySessions(config.maxSessionsPerUser) : relayAtCapacity();
        return { ok: false, error };
      }
      return { ok: true, release };
    },
    messageBucket: () => new TokenBucket({ ...config.messagesPerConnection, now }),
    realtimeGuard: () => new RealtimeGuard({ ...config.realtime, now }),
    checkSessionClock: (times) => checkSessionClock(times, config.sessionClock),
  };
}
