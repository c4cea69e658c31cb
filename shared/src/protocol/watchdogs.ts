import { z } from 'zod';
import { stage } from './stage.ts';

/**
 * What the relay's watchdogs see, as the ops overview carries it (`watchdogs` of
 * `GET /api/admin/overview`): memory against its limit, turns running far too long, and stalls
 * of the event loop. The dashboard shows an alert for each that is not quiet.
 */

/** The process's memory against the memory it may use. */
export const opsMemory = z.strictObject({
  /** The resident set is above `warnPercent` of `limitBytes` now. */
  high: z.boolean(),
  /** When it went above (epoch ms); null while it is not. */
  highSinceMs: z.number().nullable(),
  rssBytes: z.number().int(),
  heapUsedBytes: z.number().int(),
  heapTotalBytes: z.number().int(),
  /** Memory of C++ objects bound to JavaScript (Buffers and the like). */
  externalBytes: z.number().int(),
  /** The memory the process may use: its container's limit, else the host's memory. */
  limitBytes: z.number().int(),
  limitSource: z.enum(['cgroup', 'host']),
  /** `MEMORY_WARN_PERCENT`. */
  warnPercent: z.number(),
});
export type OpsMemory = z.infer<typeof opsMemory>;

/** A turn running longer than `STUCK_TURN_WARN_S`, and the stage it is in. */
export const opsStuckTurn = z.strictObject({
  sessionId: z.string(),
  turnId: z.number().int(),
  stage,
  runningMs: z.number().int(),
});
export type OpsStuckTurn = z.infer<typeof opsStuckTurn>;

/** Event-loop stalls (callbacks running later than `EVENT_LOOP_STALL_MS`) lately. */
export const opsStalls = z.strictObject({
  /** How far back these count (ms). */
  windowMs: z.number().int(),
  /** `EVENT_LOOP_STALL_MS`; 0 = not watched. */
  thresholdMs: z.number().int(),
  count: z.number().int(),
  /** The longest in the window (ms); null when there was none. */
  longestMs: z.number().int().nullable(),
  /** When the last one ended (epoch ms); null when there was none in the window. */
  lastAtMs: z.number().nullable(),
});
export type OpsStalls = z.infer<typeof opsStalls>;

export const opsWatchdogs = z.strictObject({
  memory: opsMemory,
  /** Turns running now for longer than `STUCK_TURN_WARN_S`, the longest first. */
  stuckTurns: z.array(opsStuckTurn),
  stalls: opsStalls,
});
export type OpsWatchdogs = z.infer<typeof opsWatchdogs>;
