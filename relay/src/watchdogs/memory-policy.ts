/**
 * Points (of the limit, %) the resident set must fall below the warning threshold before memory
 * counts as recovered: a process hovering at the threshold warns once, not at every check.
 */
export const MEMORY_RECOVERY_MARGIN_PERCENT = 5;

/** What the memory watchdog remembers between two checks. */
export interface MemoryWatchState {
  /** RSS is above the threshold (and has not fallen back below it less the margin). */
  high: boolean;
  /** When it went above (epoch ms); null while not high. */
  highSinceMs: number | null;
  /** When the memory figures are next due in the log (epoch ms). */
  nextReportAtMs: number;
}

export interface MemoryPolicyOptions {
  limitBytes: number;
  /** RSS above this share of `limitBytes` is high (%). */
  warnPercent: number;
  /** The memory figures go to the log this often (ms). */
  reportEveryMs: number;
}

/** What one check decided. */
export interface MemoryStep {
  state: MemoryWatchState;
  /** `high`: RSS just went above the threshold; `recovered`: it just came back; else null. */
  crossed: 'high' | 'recovered' | null;
  /** The memory figures are due in the log. */
  report: boolean;
}

/** Before the first check: the figures are due at once, then every `reportEveryMs`. */
export function initialMemoryState(nowMs: number): MemoryWatchState {
  return { high: false, highSinceMs: null, nextReportAtMs: nowMs };
}

/**
 * One check of the resident set (`rssBytes` at `nowMs`) against the limit: whether memory went
 * high or recovered (each said once per crossing), and whether the figures are due in the log.
 */
export function memoryStep(
  state: MemoryWatchState,
  reading: { rssBytes: number; nowMs: number },
  o: MemoryPolicyOptions,
): MemoryStep {
  const { rssBytes, nowMs } = reading;
  const percent = (rssBytes / o.limitBytes) * 100;
  const recoverBelow = Math.max(0, o.warnPercent - MEMORY_RECOVERY_MARGIN_PERCENT);
  let crossed: MemoryStep['crossed'] = null;
  let { high, highSinceMs } = state;
  if (!high && percent > o.warnPercent) {
    high = true;
    highSinceMs = nowMs;
    crossed = 'high';
  } else if (high && percent < recoverBelow) {
    high = false;
    highSinceMs = null;
    crossed = 'recovered';
  }
  const report = nowMs >= state.nextReportAtMs;
  const nextReportAtMs = report ? nowMs + o.reportEveryMs : state.nextReportAtMs;
  return { state: { high, highSinceMs, nextReportAtMs }, crossed, report };
}
