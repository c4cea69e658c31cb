import type { PricingTable } from './pricing.ts';
import { utcDay } from '../storage/usage.ts';
import type { Stage, Usage } from './usage.ts';

export { utcDay };

/**
 * Prices usage records and keeps running totals — per turn, per session, and per user per UTC
 * day — in whole micro-dollars (1e-6 USD), so sums never drift. Each record counts once: a
 * record of a call (same session, turn, stage and seq) already counted is ignored, so
 * reporting a call both when it is cancelled and when its stream ends is harmless. Pure: the
 * clock is injected.
 *
 * Memory is bounded: a turn's calls are remembered with its totals, for the last
 * {@link MAX_TURNS_PER_SESSION} turns of a session (a duplicate only arrives soon after its
 * original); an ended session's turns are kept for late duplicates, for the last
 * `maxEndedSessions` sessions; user totals of past days are dropped when the day changes.
 */
export interface CostMeterOptions {
  pricing: PricingTable;
  /** Clock (epoch ms): decides the UTC day a record counts for. */
  now: () => number;
  /** Ended sessions whose calls are remembered (default 10,000). */
  maxEndedSessions?: number;
}

/** One provider call's usage, with what it is for. */
export interface UsageRecord {
  userId: string;
  sessionId: string;
  turnId: number;
  /** See {@link UsageId.seq}. */
  seq: number;
  usage: Usage;
}

/** Running totals after a record (micro-dollars). */
export interface MeterTotals {
  turnMicros: number;
  sessionMicros: number;
  userDayMicros: number;
  /** The UTC day the user total is for, `YYYY-MM-DD`. */
  day: string;
}

export type RecordOutcome =
  | { counted: true; costMicros: number; priced: boolean; totals: MeterTotals }
  | { counted: false; reason: 'duplicate'; totals: MeterTotals };

/** What a session cost, for its closing log line. */
export interface SessionCost {
  totalMicros: number;
  byStage: Record<Stage, number>;
  /** The part of the total spent on speculative work. */
  speculativeMicros: number;
  /** Provider ids it used that have no price (counted as 0). */
  unpricedProviders: string[];
  /** Units consumed, priced or not: enough to price the session later. */
  units: UsageUnits;
}

interface UsageUnits {
  audioMs: number;
  inputTokens: number;
  outputTokens: number;
  characters: number;
}

/** Turns whose totals a session keeps (older ones are only in the session total). */
export const MAX_TURNS_PER_SESSION = 64;

/** Calls of one stage in one turn a session can make (seq is below this). */
const MAX_CALLS_PER_STAGE = 1 << 20;
const STAGE_INDEX: Record<Stage, number> = { asr: 0, llm: 1, tts: 2 };

interface TurnState {
  micros: number;
  /** The calls counted: stage index × {@link MAX_CALLS_PER_STAGE} + seq. */
  calls: number[];
}

interface SessionState {
  cost: SessionCost;
  turns: Map<number, TurnState>;
}

const DAY_MS = 86_400_000;

export class CostMeter {
  private readonly pricing: PricingTable;
  private readonly now: () => number;
  private readonly maxEnded: number;
  private readonly sessions = new Map<string, SessionState>();
  /** Turns of ended sessions, oldest first: a late duplicate of their calls is still one. */
  private readonly ended = new Map<string, Map<number, TurnState>>();
  private readonly userDay = new Map<string, { day: string; micros: number }>();
  private currentDay = '';
  /** Epoch ms of the current day's start and of the next day's (the day is cached between). */
  private dayStartMs = 0;
  private nextDayMs = 0;

  constructor(options: CostMeterOptions) {
    this.pricing = options.pricing;
    this.now = options.now;
    this.maxEnded = options.maxEndedSessions ?? 10_000;
  }

  /** Prices `record` and adds it to the totals, unless its call was already counted. */
  record(record: UsageRecord): RecordOutcome {
    const { seq } = record;
    if (!Number.isInteger(seq) || seq < 0 || seq >= MAX_CALLS_PER_STAGE)
      throw new RangeError(`usage seq ${seq} is not an integer in [0, ${MAX_CALLS_PER_STAGE})`);
    const call = STAGE_INDEX[record.usage.stage] * MAX_CALLS_PER_STAGE + seq;
    const day = this.today();
    if (this.countedTurn(record.sessionId, record.turnId)?.calls.includes(call)) {
      return { counted: false, reason: 'duplicate', totals: this.totals(record, day) };
    }
    // Priced before anything is stored, so a bad record (RangeError) leaves no trace.
    const { micros, priced } = this.pricing.costOf(record.usage);

    const session = this.session(record.sessionId);
    const { cost, turns } = session;
    cost.totalMicros += micros;
    cost.byStage[record.usage.stage] += micros;
    if (record.usage.speculative) cost.speculativeMicros += micros;
    if (!priced && !cost.unpricedProviders.includes(record.usage.providerId)) {
      cost.unpricedProviders.push(record.usage.providerId);
    }
    addUnits(cost.units, record.usage);
    const turn = turns.get(record.turnId) ?? { micros: 0, calls: [] };
    turn.micros += micros;
    turn.calls.push(call);
    // Most recently used last: the oldest turns are forgotten first.
    turns.delete(record.turnId);
    turns.set(record.turnId, turn);
    for (const oldest of turns.keys()) {
      if (turns.size <= MAX_TURNS_PER_SESSION) break;
      turns.delete(oldest);
    }

    const user = this.userDay.get(record.userId);
    if (user?.day === day) user.micros += micros;
    else this.userDay.set(record.userId, { day, micros });

    return { counted: true, costMicros: micros, priced, totals: this.totals(record, day) };
  }

  /** Micro-dollars spent so far on a turn (0 once it is older than the last 64 of its session). */
  turnTotal(sessionId: string, turnId: number): number {
    return this.sessions.get(sessionId)?.turns.get(turnId)?.micros ?? 0;
  }

  /** Micro-dollars spent so far in a session. */
  sessionTotal(sessionId: string): number {
    return this.sessions.get(sessionId)?.cost.totalMicros ?? 0;
  }

  /** Micro-dollars a user spent on the current UTC day. */
  userDayTotal(userId: string): number {
    const entry = this.userDay.get(userId);
    return entry?.day === this.today() ? entry.micros : 0;
  }

  /**
   * Starts a user's day total from what the ledger already holds (after a restart, or when
   * another process served them earlier today); never lowers a total already counted here.
   */
  seedUserDay(userId: string, micros: number): void {
    const day = this.today();
    const entry = this.userDay.get(userId);
    if (entry?.day === day) entry.micros = Math.max(entry.micros, micros);
    else this.userDay.set(userId, { day, micros });
  }

  /** The session's cost so far (a copy), or null if it has no records. */
  sessionCost(sessionId: string): SessionCost | null {
    const s = this.sessions.get(sessionId);
    if (!s) return null;
    return {
      ...s.cost,
      byStage: { ...s.cost.byStage },
      unpricedProviders: [...s.cost.unpricedProviders],
      units: { ...s.cost.units },
    };
  }

  /**
   * Forgets a session's turn and session totals and returns its final cost. The user's day total
   * keeps it. A record arriving later still counts (the money was spent) and reopens the session.
   */
  endSession(sessionId: string): SessionCost | null {
    const cost = this.sessionCost(sessionId);
    const state = this.sessions.get(sessionId);
    if (state) {
      this.sessions.delete(sessionId);
      this.ended.delete(sessionId);
      this.ended.set(sessionId, state.turns);
      for (const oldest of this.ended.keys()) {
        if (this.ended.size <= this.maxEnded) break;
        this.ended.delete(oldest);
      }
    }
    return cost;
  }

  /** Sessions with totals held. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** What was counted for a turn, in a live session or one that ended. */
  private countedTurn(sessionId: string, turnId: number): TurnState | undefined {
    const live = this.sessions.get(sessionId);
    return live ? live.turns.get(turnId) : this.ended.get(sessionId)?.get(turnId);
  }

  private session(sessionId: string): SessionState {
    let s = this.sessions.get(sessionId);
    if (!s) {
      // A record after the session ended reopens it, with the calls it had counted.
      const turns = this.ended.get(sessionId) ?? new Map<number, TurnState>();
      this.ended.delete(sessionId);
      s = {
        cost: {
          totalMicros: 0,
          byStage: { asr: 0, llm: 0, tts: 0 },
          speculativeMicros: 0,
          unpricedProviders: [],
          units: { audioMs: 0, inputTokens: 0, outputTokens: 0, characters: 0 },
        },
        turns,
      };
      this.sessions.set(sessionId, s);
    }
    return s;
  }

  /** The current UTC day; on a new day, drops user totals of earlier days. */
  private today(): string {
    const now = this.now();
    if (now >= this.dayStartMs && now < this.nextDayMs) return this.currentDay;
    const day = utcDay(now);
    this.dayStartMs = Math.floor(now / DAY_MS) * DAY_MS;
    this.nextDayMs = this.dayStartMs + DAY_MS;
    if (day !== this.currentDay) {
      this.currentDay = day;
      for (const [userId, entry] of this.userDay) {
        if (entry.day !== day) this.userDay.delete(userId);
      }
    }
    return day;
  }

  private totals(record: UsageRecord, day: string): MeterTotals {
    return {
      turnMicros: this.turnTotal(record.sessionId, record.turnId),
      sessionMicros: this.sessionTotal(record.sessionId),
      userDayMicros: this.userDayTotal(record.userId),
      day,
    };
  }
}

function addUnits(units: UsageUnits, usage: Usage): void {
  switch (usage.stage) {
    case 'asr':
      units.audioMs += usage.audioMs;
      return;
    case 'llm':
      units.inputTokens += usage.inputTokens;
      units.outputTokens += usage.outputTokens;
      return;
    case 'tts':
      units.characters += usage.characters;
      return;
  }
}
