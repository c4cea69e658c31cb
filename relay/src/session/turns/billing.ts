import type { ServerMessage } from '@parley/shared';
import type { RelayError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import {
  budgetExceededError,
  budgetState,
  budgetWarningText,
  preflight,
  type BudgetLimits,
  type BudgetScope,
} from '../../metering/budget.ts';
import type { UserSpend } from '../../cluster/shared-state.ts';
import { utcDay, type CostMeter } from '../../metering/cost-meter.ts';
import type { PricingTable } from '../../metering/pricing.ts';
import type { Stage, Usage } from '../../metering/usage.ts';
import type { TurnUsageEntry } from '../../storage/index.ts';

export interface BillingDeps {
  meter: CostMeter;
  pricing: PricingTable;
  budget: BudgetLimits;
  userId: string;
  sessionId: string;
  send(message: ServerMessage): void;
  log: Logger;
  /** The user's spend across every relay (several relays), or null (this relay alone). */
  userSpend: UserSpend | null;
  /**
   * Told each cost as the meter counts it (what the budgets add up: a call once, only what a
   * provider served): the relay's spend counter in `/metrics`.
   */
  spent(stage: Stage, providerId: string, micros: number): void;
}

/**
 * A session's money: asks before every provider call whether the budget allows it, meters every
 * call once (cancelled and speculative ones too), tells the client the running cost and warns
 * once per scope near the cap. Collects each turn's ledger entries for the turn's record.
 */
export class SessionBilling {
  private readonly warned = new Set<BudgetScope>();
  private readonly entries = new Map<number, TurnUsageEntry[]>();

  constructor(private readonly d: BillingDeps) {}

  get sessionMicros(): number {
    return this.d.meter.sessionTotal(this.d.sessionId);
  }

  get userDayMicros(): number {
    return this.d.meter.userDayTotal(this.d.userId);
  }

  /** Null when a call estimated at `estimate` may start; otherwise the error to end the session with. */
  allow(estimate: Usage): RelayError | null {
    const spend = { sessionMicros: this.sessionMicros, userDayMicros: this.userDayMicros };
    const verdict = preflight(spend, this.d.pricing.costOf(estimate).micros, this.d.budget);
    if (verdict.ok) return null;
    this.d.log.info(
      { scope: verdict.scope, reason: verdict.reason },
      'budget stops a provider call',
    );
    return budgetExceededError(verdict);
  }

  /** Meters one finished (or cancelled) provider call of a turn. Idempotent per (turn, stage, seq). */
  record(turnId: number, seq: number, usage: Usage): void {
    const outcome = this.d.meter.record({
      userId: this.d.userId,
      sessionId: this.d.sessionId,
      turnId,
      seq,
      usage,
    });
    if (!outcome.counted) return;
    this.d.spent(usage.stage, usage.providerId, outcome.costMicros);
    this.share(outcome.costMicros);
    const list = this.entries.get(turnId) ?? [];
    list.push({
      stage: usage.stage,
      provider: usage.providerId,
      units: unitsOf(usage),
      costMicros: outcome.costMicros,
      speculative: usage.speculative,
    });
    this.entries.set(turnId, list);
    const { totals } = outcome;
    this.d.send({
      type: 'cost',
      turnId,
      turnMicros: totals.turnMicros,
      sessionMicros: totals.sessionMicros,
      userDayMicros: totals.userDayMicros,
    });
    const state = budgetState(
      { sessionMicros: totals.sessionMicros, userDayMicros: totals.userDayMicros },
      this.d.budget,
    );
    if (state.state === 'warning' && !this.warned.has(state.scope)) {
      this.warned.add(state.scope);
      this.d.send({
        type: 'budget.warning',
        scope: state.scope,
        spentMicros: state.spentMicros,
        limitMicros: state.hardLimitMicros,
        message: budgetWarningText(state),
      });
    }
  }

  /**
   * Takes the user's total across relays as this relay's view, without waiting: called when a
   * turn starts, so its budget checks and cost messages count the user's other sessions.
   */
  refreshUserDay(): void {
    const spend = this.d.userSpend;
    if (!spend) return;
    const { userId, meter } = this.d;
    spend.get(userId, utcDay(Date.now())).then(
      (total) => meter.seedUserDay(userId, total),
      (err: unknown) =>
        this.d.log.warn({ err: String(err) }, 'could not read the spend on the other relays'),
    );
  }

  /**
   * Adds a cost to the user's total across relays, and takes that total as this relay's view:
   * the next budget check sees what the user's other sessions spent elsewhere.
   */
  private share(micros: number): void {
    const spend = this.d.userSpend;
    if (!spend || micros <= 0) return;
    const { userId, meter } = this.d;
    spend.add(userId, utcDay(Date.now()), micros).then(
      (total) => meter.seedUserDay(userId, total),
      (err: unknown) =>
        this.d.log.warn({ err: String(err) }, 'could not share the cost with the other relays'),
    );
  }

  /** The ledger entries of a turn, handed over once (to be stored with the turn). */
  takeEntries(turnId: number): TurnUsageEntry[] {
    const list = this.entries.get(turnId) ?? [];
    this.entries.delete(turnId);
    return list;
  }
}

function unitsOf(usage: Usage): Record<string, number> {
  switch (usage.stage) {
    case 'asr':
      return { audioMs: usage.audioMs };
    case 'llm':
      return { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens };
    case 'tts':
      return { characters: usage.characters };
  }
}
