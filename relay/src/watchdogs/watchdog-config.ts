import { z } from 'zod';
import { envNumber } from '../env/env-fields.ts';
import { readEnv, type Env } from '../env/read-env.ts';

const watchdogEnvSchema = z
  .object({
    MEMORY_WARN_PERCENT: envNumber({
      default: 80,
      min: 1,
      max: 100,
      meaning: '% of the memory limit the resident set may reach before a warning',
    }),
    STUCK_TURN_WARN_S: envNumber({
      default: 60,
      min: 0.01,
      max: 86_400,
      meaning: 'seconds a turn may run before it is reported as stuck',
    }),
    STUCK_TURN_END_S: envNumber({
      default: 120,
      min: 0,
      max: 86_400,
      meaning: 'seconds a turn may run before it is stopped and failed, 0 = never',
    }),
    EVENT_LOOP_STALL_MS: envNumber({
      default: 200,
      min: 0,
      max: 600_000,
      integer: true,
      meaning: 'ms of event-loop delay reported as a stall, 0 = not watched',
    }),
  })
  .superRefine((e, ctx) => {
    if (e.STUCK_TURN_END_S > 0 && e.STUCK_TURN_END_S <= e.STUCK_TURN_WARN_S) {
      ctx.addIssue({
        code: 'custom',
        path: ['STUCK_TURN_END_S'],
        message: `must be longer than STUCK_TURN_WARN_S (${e.STUCK_TURN_WARN_S} s), or 0; got ${e.STUCK_TURN_END_S} s`,
      });
    }
  });

/** What the relay's watchdogs watch for, read from the environment. */
export interface WatchdogConfig {
  /** RSS above this share of the memory limit is "high" (%). */
  memoryWarnPercent: number;
  /** A turn running this long is reported (ms). */
  stuckTurnWarnMs: number;
  /** A turn running this long is stopped and fails (ms); null = never. */
  stuckTurnEndMs: number | null;
  /** Event-loop delay reported as a stall (ms); null = not watched. */
  stallMs: number | null;
}

/** Reads the watchdogs' settings; throws one error listing every problem. */
export function loadWatchdogConfig(env: Env): WatchdogConfig {
  const e = readEnv(watchdogEnvSchema, env, 'watchdog');
  return {
    memoryWarnPercent: e.MEMORY_WARN_PERCENT,
    stuckTurnWarnMs: Math.round(e.STUCK_TURN_WARN_S * 1000),
    stuckTurnEndMs: e.STUCK_TURN_END_S === 0 ? null : Math.round(e.STUCK_TURN_END_S * 1000),
    stallMs: e.EVENT_LOOP_STALL_MS === 0 ? null : e.EVENT_LOOP_STALL_MS,
  };
}
