import { logFailure } from '../../error-tracking/report-error.ts';
import type { Logger } from '../../log/logger.ts';
import type { TurnResult } from '../../pipeline/turn.ts';
import type { Storage, TurnUsageEntry } from '../../storage/index.ts';
import { hashSecret, type ResumeState } from '../wire/resume-state.ts';

export interface TurnRecorderDeps {
  storage: Storage;
  sessionId: string;
  userId: string;
  resumeSecret: string;
  log: Logger;
  /** The turn's ledger entries, handed over once (see `SessionBilling.takeEntries`). */
  takeEntries(turnId: number): TurnUsageEntry[];
}

/**
 * A session's record in storage: each finished turn (its row, its usage and the resume state,
 * in one transaction), usage not tied to a recorded turn, truncated replies, checkpoints. Every
 * write is tracked so that closing waits for it; a failed write is logged, never thrown.
 */
export class TurnRecorder {
  /** The last turn whose result is in storage (what a restarted relay has seen). */
  lastRecordedTurnId: number;
  private readonly pending = new Set<Promise<unknown>>();
  /**
   * The write of the last reply's record: a truncation waits for it (the record may wait for
   * its group commit while the update would run at once, and then find no row to update).
   */
  private lastReplyRecord: Promise<unknown> = Promise.resolve();
  /** Voice to voice the client reported for turns not recorded yet (ms), by turn id. */
  private readonly earlyVoiceToVoice = new Map<number, number>();
  /** The record writes of the last few turns, by turn id: a later report updates the row. */
  private readonly records = new Map<number, Promise<unknown>>();

  constructor(
    private readonly d: TurnRecorderDeps,
    lastRecordedTurnId = -1,
  ) {
    this.lastRecordedTurnId = lastRecordedTurnId;
  }

  /**
   * Stores a finished turn: a turn row with its usage and the resume state (`resume`, with this
   * turn recorded), or — nothing was heard nor said — only its usage. True once it is stored.
   * `replaces`: the turn whose question it asked again, whose row goes in the same transaction.
   */
  async record(
    turnId: number,
    r: TurnResult,
    resume: (lastTurnId: number) => ResumeState,
    interrupted = false,
    replaces?: number,
  ): Promise<boolean> {
    const entries = this.d.takeEntries(turnId);
    const voiceToVoiceMs = this.earlyVoiceToVoice.get(turnId);
    this.earlyVoiceToVoice.delete(turnId);
    // Nothing heard and nothing said (an own line of the assistant's has no words heard).
    const write =
      r.transcript === '' && r.reply === ''
        ? this.appendUsage(turnId, entries)
        : this.d.storage.turns.record(
            {
              sessionId: this.d.sessionId,
              turnId,
              userText: r.transcript,
              assistantText: r.reply,
              status: r.status,
              interrupted,
              timings: r.timings,
              ...(voiceToVoiceMs === undefined ? {} : { voiceToVoiceMs }),
              // Only the stages a provider served (a typed turn has no ASR).
              providers: { ...r.servedBy },
              ...(r.toolCalls ? { toolCalls: r.toolCalls } : {}),
            },
            entries,
            // The checkpoint rides in the turn's own transaction: one commit per turn.
            {
              resumeState: resume(Math.max(this.lastRecordedTurnId, turnId)),
              ...(replaces === undefined ? {} : { replaces }),
            },
          );
    if (r.reply) this.lastReplyRecord = write.catch(() => undefined);
    remember(
      this.records,
      turnId,
      write.catch(() => undefined),
    );
    const stored = await this.persist(write, 'turn');
    if (stored) this.lastRecordedTurnId = Math.max(this.lastRecordedTurnId, turnId);
    return stored;
  }

  /**
   * The user cut `turnId`'s stored reply short: it becomes what they heard of it, and the turn
   * is marked interrupted (after its record).
   */
  truncate(turnId: number, heard: string): void {
    void this.persist(
      this.lastReplyRecord.then(() =>
        this.d.storage.turns.markInterrupted(this.d.sessionId, turnId, heard),
      ),
      'truncated reply',
    );
  }

  /**
   * The client reported `turnId`'s voice to voice (ms): stored with its record, or — recorded
   * already — in its row once that record is committed.
   */
  voiceToVoice(turnId: number, ms: number): void {
    // Recorded before this relay took the session over (a restart, a hand-over): in its row.
    const record =
      this.records.get(turnId) ??
      (turnId <= this.lastRecordedTurnId ? Promise.resolve() : undefined);
    if (record === undefined) {
      remember(this.earlyVoiceToVoice, turnId, ms);
      return;
    }
    void this.persist(
      record.then(() => this.d.storage.turns.setVoiceToVoice(this.d.sessionId, turnId, ms)),
      'voice to voice',
    );
  }

  /** Usage of `turnId` not stored with a turn record (cancelled or speculative work). */
  storeLooseUsage(turnId: number, what: string): Promise<boolean> {
    return this.persist(this.appendUsage(turnId, this.d.takeEntries(turnId)), what);
  }

  /** Saves what a restarted relay needs to resume the session. */
  async checkpoint(state: ResumeState): Promise<void> {
    await this.persist(
      this.d.storage.sessions.saveResume(this.d.sessionId, hashSecret(this.d.resumeSecret), state),
      'resume state',
    );
  }

  /** Resolves when every write started so far has settled. */
  async idle(): Promise<void> {
    await Promise.allSettled(this.pending);
  }

  /** Tracks a write so {@link idle} waits for it; logs (never throws) on failure. */
  persist(write: Promise<unknown>, what: string): Promise<boolean> {
    const tracked = write.then(
      () => true,
      (err: unknown) => {
        logFailure(this.d.log, err, `could not store the ${what}`);
        return false;
      },
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
    return tracked;
  }

  private appendUsage(turnId: number, entries: TurnUsageEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    const { userId, sessionId } = this.d;
    return this.d.storage.usage.append(entries.map((e) => ({ ...e, userId, sessionId, turnId })));
  }
}

/** Turns remembered per map: reports come within a turn or two of their record. */
const REMEMBERED_TURNS = 8;

/** Sets `key` in a map kept to the last {@link REMEMBERED_TURNS} keys set. */
function remember<V>(map: Map<number, V>, key: number, value: V): void {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= REMEMBERED_TURNS) break;
    map.delete(oldest);
  }
}
