import { z } from 'zod';
import type { RealtimeGuardOptions } from './realtime-guard.ts';
import type { SessionClockOptions } from './session-clock.ts';
import { envNumber } from '../env/env-fields.ts';
import { readEnv, type Env } from '../env/read-env.ts';

/**
 * The relay's abuse limits, read from the environment. Every variable is optional; see
 * {@link limitsEnvSchema} for names, defaults and ranges.
 */
const limitsEnvSchema = z
  .object({
    MAX_SESSIONS_PER_USER: envNumber({
      default: 3,
      min: 1,
      max: 1000,
      integer: true,
      meaning: 'sessions open at once per user',
    }),
    NEW_SESSIONS_PER_MINUTE: envNumber({
      default: 10,
      min: 1,
      max: 10_000,
      integer: true,
      meaning: 'sessions a user may start per minute',
    }),
    CONNECTIONS_PER_IP_BURST: envNumber({
      default: 20,
      min: 1,
      max: 100_000,
      integer: true,
      meaning: 'WebSocket connection attempts per IP in a burst',
    }),
    CONNECTIONS_PER_IP_PER_SECOND: envNumber({
      default: 1,
      min: 0.001,
      max: 100_000,
      meaning: 'connection attempts per IP regained per second',
    }),
    MESSAGES_PER_SECOND: envNumber({
      default: 50,
      min: 1,
      max: 100_000,
      meaning: 'sustained messages per connection per second, audio frames included',
    }),
    MESSAGE_BURST: envNumber({
      default: 300,
      min: 1,
      max: 1_000_000,
      integer: true,
      meaning: 'messages per connection in a burst',
    }),
    MAX_SESSION_MINUTES: envNumber({
      default: 30,
      min: 0,
      max: 10_000,
      meaning: 'longest session in minutes, 0 = no limit',
    }),
    SESSION_WARNING_S: envNumber({
      default: 60,
      min: 0,
      max: 3600,
      meaning: 'seconds of warning before the session length limit, 0 = none',
    }),
    IDLE_TIMEOUT_S: envNumber({
      default: 300,
      min: 0,
      max: 86_400,
      meaning: 'seconds without audio or messages before a session ends, 0 = never',
    }),
    CALL_SILENCE_S: envNumber({
      default: 45,
      min: 0,
      max: 3600,
      meaning:
        'seconds of silence in a call before the assistant asks if the user is still there (as long again: the call ends), 0 = never',
    }),
    REALTIME_CATCH_UP_S: envNumber({
      default: 30,
      min: 0,
      max: 600,
      meaning: 'seconds of audio a client may send ahead of real time',
    }),
    REALTIME_OVERRUN_S: envNumber({
      default: 5,
      min: 0,
      max: 600,
      meaning: 'seconds of audio beyond the catch-up allowance before the client is cut',
    }),
    UTTERANCES_PER_SECOND: envNumber({
      default: 1,
      min: 0.001,
      max: 100_000,
      meaning: 'utterances a user may start per second, sustained',
    }),
    UTTERANCE_BURST: envNumber({
      default: 10,
      min: 1,
      max: 1_000_000,
      integer: true,
      meaning: 'utterances a user may start in a burst',
    }),
    MAX_RECOGNITIONS_PER_USER: envNumber({
      default: 4,
      min: 1,
      max: 100_000,
      integer: true,
      meaning: 'speech recognitions one user may run at once',
    }),
    RECOGNITION_AHEAD_S: envNumber({
      default: 15,
      min: 1,
      max: 3600,
      meaning: "seconds of audio a user's recognitions may get ahead of real time",
    }),
    MAX_RECOGNITIONS: envNumber({
      default: 0,
      min: 0,
      max: 1_000_000,
      integer: true,
      meaning: 'speech recognitions the relay runs at once, 0 = automatic',
    }),
    MAX_CONNECTIONS: envNumber({
      default: 1000,
      min: 0,
      max: 10_000_000,
      integer: true,
      meaning: 'WebSocket connections the relay holds open at once, 0 = no cap',
    }),
    LIMITER_MAX_KEYS: envNumber({
      default: 10_000,
      min: 1,
      max: 10_000_000,
      integer: true,
      meaning: 'IPs or users each rate limiter tracks at most',
    }),
  })
  .superRefine((e, ctx) => {
    if (e.MAX_SESSION_MINUTES > 0 && e.SESSION_WARNING_S >= e.MAX_SESSION_MINUTES * 60) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_WARNING_S'],
        message: `must be shorter than MAX_SESSION_MINUTES (${e.MAX_SESSION_MINUTES} min); got ${e.SESSION_WARNING_S} s`,
      });
    }
  });

/** Token-bucket settings: a burst of `capacity`, then `refillPerSecond`. */
export interface RateSettings {
  capacity: number;
  refillPerSecond: number;
}

export interface LimitsConfig {
  /** Sessions one user may have open at once. */
  maxSessionsPerUser: number;
  /** New sessions per user (hello without resume). */
  newSessionsPerUser: RateSettings;
  /** WebSocket upgrade attempts per IP (see `ipKey`). */
  connectionsPerIp: RateSettings;
  /** Text and binary messages per connection. */
  messagesPerConnection: RateSettings;
  sessionClock: SessionClockOptions;
  /**
   * Silence in a call before the check-in, and as long again before the call ends (ms; see
   * `checkCallSilence`); 0 = never.
   */
  callSilenceMs: number;
  realtime: Omit<RealtimeGuardOptions, 'now'>;
  /** Bound on keys per keyed limiter. */
  maxKeysPerLimiter: number;
  /** WebSocket connections open at once on this relay (`MAX_CONNECTIONS`); null = no cap. */
  maxConnections: number | null;
  /** Speech recognition (see `RecognitionLimits`). */
  recognitions: {
    /** New utterances per user. */
    utterancesPerUser: RateSettings;
    /** Recognitions one user may run at once. */
    maxPerUser: number;
    /** Audio per user into recognisers (ms; ms per second). */
    audioMsPerUser: RateSettings;
    /** Recognitions the relay runs at once; null: by the ASR providers (`defaultMaxRecognitions`). */
    maxPerRelay: number | null;
  };
}

/** Reads the limits from the environment; throws one error listing every problem. */
export function loadLimitsConfig(env: Env): LimitsConfig {
  const e = readEnv(limitsEnvSchema, env, 'limits');
  return {
    maxSessionsPerUser: e.MAX_SESSIONS_PER_USER,
    newSessionsPerUser: {
      capacity: e.NEW_SESSIONS_PER_MINUTE,
      refillPerSecond: e.NEW_SESSIONS_PER_MINUTE / 60,
    },
    connectionsPerIp: {
      capacity: e.CONNECTIONS_PER_IP_BURST,
      refillPerSecond: e.CONNECTIONS_PER_IP_PER_SECOND,
    },
    messagesPerConnection: { capacity: e.MESSAGE_BURST, refillPerSecond: e.MESSAGES_PER_SECOND },
    sessionClock: {
      maxSessionMs: Math.round(e.MAX_SESSION_MINUTES * 60_000),
      warnBeforeMs: Math.round(e.SESSION_WARNING_S * 1000),
      idleTimeoutMs: Math.round(e.IDLE_TIMEOUT_S * 1000),
    },
    callSilenceMs: Math.round(e.CALL_SILENCE_S * 1000),
    realtime: {
      catchUpMs: Math.round(e.REALTIME_CATCH_UP_S * 1000),
      overrunMs: Math.round(e.REALTIME_OVERRUN_S * 1000),
    },
    maxKeysPerLimiter: e.LIMITER_MAX_KEYS,
    maxConnections: e.MAX_CONNECTIONS === 0 ? null : e.MAX_CONNECTIONS,
    recognitions: {
      utterancesPerUser: { capacity: e.UTTERANCE_BURST, refillPerSecond: e.UTTERANCES_PER_SECOND },
      maxPerUser: e.MAX_RECOGNITIONS_PER_USER,
      // As much as the user's sessions can stream in real time, plus an allowance ahead.
      audioMsPerUser: {
        capacity: e.RECOGNITION_AHEAD_S * 1000,
        refillPerSecond: e.MAX_SESSIONS_PER_USER * 1000,
      },
      maxPerRelay: e.MAX_RECOGNITIONS === 0 ? null : e.MAX_RECOGNITIONS,
    },
  };
}
