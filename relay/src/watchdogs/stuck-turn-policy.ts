/** What to do about one running turn. */
export interface StuckAction {
  /** The running turn's id (see `RunningTurn.id`). */
  id: number;
  /** `warn`: report it (once); `end`: stop it, failed (once). */
  action: 'warn' | 'end';
  runningMs: number;
}

export interface StuckTurnPolicy {
  /** A turn running this long is reported (ms). */
  warnMs: number;
  /** A turn running this long is stopped (ms); null = never. */
  endMs: number | null;
}

/** The turns already reported, and already stopped. */
export interface StuckTurnMemory {
  warned: ReadonlySet<number>;
  ended: ReadonlySet<number>;
}

/**
 * What to do now (`nowMs`, epoch ms) about the turns running: report each that has run
 * `warnMs`, stop each that has run `endMs` — each once (`memory`), a report always before a
 * stop (a turn seen first past both gets both).
 */
export function stuckTurnActions(
  turns: readonly { id: number; startedAtMs: number }[],
  nowMs: number,
  policy: StuckTurnPolicy,
  memory: StuckTurnMemory,
): StuckAction[] {
  const actions: StuckAction[] = [];
  for (const { id, startedAtMs } of turns) {
    const runningMs = nowMs - startedAtMs;
    if (runningMs >= policy.warnMs && !memory.warned.has(id))
      actions.push({ id, action: 'warn', runningMs });
    if (policy.endMs !== null && runningMs >= policy.endMs && !memory.ended.has(id))
      actions.push({ id, action: 'end', runningMs });
  }
  return actions;
}
