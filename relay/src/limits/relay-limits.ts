import type { RelayError } from '../errors.ts';
import type { Release } from './concurrency.ts';
import type { RateLimiter } from './keyed-limiter.ts';
import { relayAtCapacity, sessionsTooFast, tooManySessions } from './limit-errors.ts';
import type { LimitsConfig } from './limits-config.ts';
import { RealtimeGuard } from './realtime-guard.ts';
import { HOSTED_RECOGNITIONS, RecognitionLimits } from './recognition-limits.ts';
import { checkSessionClock, type SessionClockVerdict, type SessionTimes } from './session-clock.ts';
import type { SessionSlots } from './session-slots.ts';
import { TokenBucket } from './token-bucket.ts';

/** The limits shared by every relay of a deployment (in this process or in Redis). */
export interface SharedLimits {
  connectionsPerIp: RateLimiter;
  newSessionsPerUser: RateLimiter;
  sessionSlots: SessionSlots;
}

/**
 * Every limit of one relay, built from {@link LimitsConfig}: the shared ones (per IP, per user;
 * see {@link SharedLimits}) and factories for the per-connection ones. Holds no timers.
 */
export interface RelayLimits {
  /** WebSocket upgrade attempts, keyed by `ipKey(remoteAddress)`. */
  readonly connectionsPerIp: RateLimiter;
  /** Open sessions, keyed by user id. */
  readonly sessionSlots: SessionSlots;
  /**
   * Admits a new session `sessionId` for `userId`: takes a new-session token (every attempt
   * costs one, so hammering `hello` is throttled), then a concurrent-session slot. On success,
   * call `release` when the session is gone for good.
   */
  admitSession(
    userId: string,
    sessionId: string,
  ): Promise<{ ok: true; release: Release } | { ok: false; error: RelayError }>;
  /** A message bucket for one connection (every text and binary message takes a token). */
  messageBucket(): TokenBucket;
  /** A real-time audio guard for one connection. */
  realtimeGuard(): RealtimeGuard;
  /** {@link checkSessionClock} with the configured limits. */
  checkSessionClock(times: SessionTimes): SessionClockVerdict;
  /** Speech recognitions: per-user rate and concurrency, and the relay's concurrency. */
  readonly recognitions: RecognitionLimits;
}

/**
 * The recognition limits `config` sets; `defaultMax`: recognitions at once on this relay when
 * `MAX_RECOGNITIONS` is unset (it depends on the ASR providers).
 */
export function createRecognitionLimits(
  config: LimitsConfig,
  now: () => number,
  defaultMax = HOSTED_RECOGNITIONS,
): RecognitionLimits {
  const { recognitions } = config;
  return new RecognitionLimits({
    utterances: recognitions.utterancesPerUser,
    audioMs: recognitions.audioMsPerUser,
    maxPerUser: recognitions.maxPerUser,
    maxPerRelay: recognitions.maxPerRelay ?? defaultMax,
    maxKeys: config.maxKeysPerLimiter,
    now,
  });
}

/**
 * `defaultMaxRecognitions`: recognitions at once when `MAX_RECOGNITIONS` is unset (it depends on
 * the ASR providers).
 */
export function createRelayLimits(
  config: LimitsConfig,
  now: () => number,
  shared: SharedLimits,
  defaultMaxRecognitions = HOSTED_RECOGNITIONS,
): RelayLimits {
  const { sessionSlots } = shared;
  return {
    recognitions: createRecognitionLimits(config, now, defaultMaxRecognitions),
    connectionsPerIp: shared.connectionsPerIp,
    sessionSlots,
    async admitSession(userId, sessionId) {
      const rate = await shared.newSessionsPerUser.tryTake(userId);
      if (!rate.ok) return { ok: false, error: sessionsTooFast(rate.retryAfterMs) };
      const release = await sessionSlots.acquire(userId, sessionId);
      if (!release) {
        const error = (await sessionSlots.atUserLimit(userId))
          ? tooManySessions(config.maxSessionsPerUser)
          : relayAtCapacity();
        return { ok: false, error };
      }
      return { ok: true, release };
    },
    messageBucket: () => new TokenBucket({ ...config.messagesPerConnection, now }),
    realtimeGuard: () => new RealtimeGuard({ ...config.realtime, now }),
    checkSessionClock: (times) => checkSessionClock(times, config.sessionClock),
  };
}
