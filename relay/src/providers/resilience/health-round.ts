import type { Stage } from '@parley/shared';

/** How often a probe round is logged when nothing changed (ms): a line every 5 minutes. */
export const HEALTH_LOG_EVERY_MS = 5 * 60_000;

/**
 * One provider in a round of the health monitor: how it was checked (`probe`: a reachability
 * probe, `trial`: a real minimal call of its stage, `none`: nothing to call — an embedded
 * provider, or one whose breaker is open until its cool-down ends), whether it is up, and how
 * long its check took (ms; null when none ran).
 */
export interface ProviderCheck {
  provider: string;
  stage: Stage;
  checked: 'probe' | 'trial' | 'none';
  up: boolean;
  ms: number | null;
}

/** The last round that was logged: when, and which providers were down then. */
export interface LoggedRound {
  atMs: number;
  down: string;
}

/** The providers down in `checks`, as one comparable key (sorted ids). Pure. */
export function downKey(checks: readonly ProviderCheck[]): string {
  return checks
    .filter((c) => !c.up)
    .map((c) => c.provider)
    .sort()
    .join(',');
}

/**
 * Whether a round (at `atMs`, `down` its {@link downKey}) is logged: the first, any round whose
 * providers went up or down since the last one logged, and otherwise one every `everyMs`. Pure.
 */
export function roundLogDue(
  last: LoggedRound | null,
  round: LoggedRound,
  everyMs: number = HEALTH_LOG_EVERY_MS,
): boolean {
  return last === null || last.down !== round.down || round.atMs - last.atMs >= everyMs;
}
