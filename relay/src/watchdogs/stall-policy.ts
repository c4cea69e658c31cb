import type { OpsStalls } from '@parley/shared';

/** One event-loop stall: when it was seen (epoch ms) and how late callbacks ran (ms). */
export interface Stall {
  atMs: number;
  durationMs: number;
}

/**
 * How late a timer due every `intervalMs` ran (ms): it ran at `nowMs`, the time before at
 * `previousAtMs` (a monotonic clock). What held the event loop meanwhile held it at least this
 * long.
 */
export function lateness(previousAtMs: number, nowMs: number, intervalMs: number): number {
  return Math.max(0, nowMs - previousAtMs - intervalMs);
}

/** A callback `delayMs` late is a stall of that length when it reached `thresholdMs`, else null. */
export function stallOf(delayMs: number, thresholdMs: number): number | null {
  return delayMs >= thresholdMs ? delayMs : null;
}

/** The stalls seen in the last `windowMs` before `nowMs`, oldest first. */
export function stallsWithin(stalls: readonly Stall[], nowMs: number, windowMs: number): Stall[] {
  return stalls.filter((s) => s.atMs > nowMs - windowMs);
}

/** What the ops overview says of the stalls in the last `windowMs` before `nowMs`. */
export function summarizeStalls(
  stalls: readonly Stall[],
  nowMs: number,
  o: { windowMs: number; thresholdMs: number | null },
): OpsStalls {
  const recent = stallsWithin(stalls, nowMs, o.windowMs);
  return {
    windowMs: o.windowMs,
    thresholdMs: o.thresholdMs ?? 0,
    count: recent.length,
    longestMs:
      recent.length === 0 ? null : Math.round(Math.max(...recent.map((s) => s.durationMs))),
    lastAtMs: recent.at(-1)?.atMs ?? null,
  };
}
