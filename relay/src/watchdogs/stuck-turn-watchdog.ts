import { Counter, type Registry } from 'prom-client';
import type { OpsStuckTurn } from '@parley/shared';
import { RelayError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { stuckTurnActions, type StuckTurnPolicy } from './stuck-turn-policy.ts';
import type { RunningTurn, TurnWatch } from './turn-watch.ts';

export interface StuckTurnWatchdogOptions extends StuckTurnPolicy {
  turns: Pick<TurnWatch, 'running' | 'stop'>;
  /** Where `parley_stuck_turns_total` is registered. */
  registry: Registry;
  log: Logger;
  /** Epoch ms. */
  now?: () => number;
  /** Default: a quarter of `warnMs`, from 50 ms to 1 s. */
  checkEveryMs?: number;
}

/**
 * Watches the turns being answered: one running `warnMs` is logged (`warn`, with its session,
 * turn and stage); one running `endMs` is stopped — its provider calls aborted, its client told
 * `turn-timeout`, the turn recorded as failed (see `Turns`). Both are counted in
 * `parley_stuck_turns_total{action}`. The decisions are {@link stuckTurnActions}'; this owns
 * the timer.
 */
export class StuckTurnWatchdog {
  private readonly warned = new Set<number>();
  private readonly ended = new Set<number>();
  private readonly counter: Counter<'action'>;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: StuckTurnWatchdogOptions) {
    this.now = o.now ?? Date.now;
    this.counter = new Counter({
      name: 'parley_stuck_turns_total',
      help:
        'Turns running longer than STUCK_TURN_WARN_S (warned), or stopped at STUCK_TURN_END_S ' +
        '(ended).',
      labelNames: ['action'],
      registers: [o.registry],
    });
    for (const action of ['warned', 'ended']) this.counter.inc({ action }, 0);
  }

  start(): void {
    const everyMs = this.o.checkEveryMs ?? Math.min(1000, Math.max(50, this.o.warnMs / 4));
    this.timer = setInterval(() => this.check(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One look at the turns running. */
  check(): void {
    const running = this.o.turns.running();
    const byId = new Map(running.map((t) => [t.id, t]));
    // Turns that finished are forgotten.
    for (const id of this.warned) if (!byId.has(id)) this.warned.delete(id);
    for (const id of this.ended) if (!byId.has(id)) this.ended.delete(id);
    const actions = stuckTurnActions(running, this.now(), this.o, {
      warned: this.warned,
      ended: this.ended,
    });
    for (const { id, action, runningMs } of actions) {
      const turn = byId.get(id);
      if (turn) this.act(turn, action, runningMs);
    }
  }

  private act(turn: RunningTurn, action: 'warn' | 'end', runningMs: number): void {
    const { sessionId, turnId, stage } = turn;
    const fields = { sessionId, turnId, stage, runningMs: Math.round(runningMs) };
    if (action === 'warn') {
      this.warned.add(turn.id);
      this.counter.inc({ action: 'warned' });
      this.o.log.warn(fields, 'turn stuck: still running');
      return;
    }
    this.ended.add(turn.id);
    this.counter.inc({ action: 'ended' });
    this.o.log.error(fields, 'turn stuck: stopped, and failed');
    this.o.turns.stop(turn.id, RelayError.turnTimedOut(turnId, this.o.endMs ?? runningMs));
  }

  /** The turns running longer than `warnMs` now, the longest first (for the ops overview). */
  stuck(): OpsStuckTurn[] {
    const nowMs = this.now();
    return this.o.turns
      .running()
      .map((t) => ({
        sessionId: t.sessionId,
        turnId: t.turnId,
        stage: t.stage,
        runningMs: Math.round(nowMs - t.startedAtMs),
      }))
      .filter((t) => t.runningMs >= this.o.warnMs)
      .sort((a, b) => b.runningMs - a.runningMs);
  }
}
