import type { Insertable } from 'kysely';
import { afterAll, afterEach, beforeEach, describe } from 'vitest';
import {
  openStorage,
  type CompletedTurn,
  type Storage,
  type TurnUsageEntry,
} from '../../src/storage/index.ts';
import type { TurnsTable } from '../../src/storage/schema.ts';
import { postgres, postgresUrl, sqlite, type Backend, type Place } from './backends.ts';

export const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);
export const MINUTE = 60_000;

/** What each test works with: a fresh, migrated database and the clock its storage reads. */
export class Harness {
  /** Epoch ms; every write takes its timestamps from here. Reset to T0 before each test. */
  now = T0;
  #storage: Storage | null = null;
  #place: Place | null = null;

  constructor(readonly backend: Backend) {
    beforeEach(async () => {
      this.now = T0;
      this.#place = await backend.fresh();
      this.#storage = await this.open();
    });
    afterEach(async () => {
      await this.#storage?.close();
      await this.#place?.dispose();
      this.#storage = null;
    });
    afterAll(() => backend.close());
  }

  get s(): Storage {
    if (this.#storage === null) throw new Error('no storage outside a test');
    return this.#storage;
  }

  set s(storage: Storage) {
    this.#storage = storage;
  }

  /** Where this test's database is (the SQLite file, or the PostgreSQL URL). */
  get options(): Place['options'] {
    if (this.#place === null) throw new Error('no database outside a test');
    return this.#place.options;
  }

  /** Another storage on this test's database (same clock). */
  open(): Promise<Storage> {
    if (this.#place === null) throw new Error('no database outside a test');
    return openStorage({ ...this.#place.options, now: () => this.now });
  }

  /** Turn rows of a session, read past the repositories. */
  async turnRows(sessionId: string): Promise<number> {
    const rows = await this.s.database.db
      .selectFrom('turns')
      .select('turn_id')
      .where('session_id', '=', sessionId)
      .execute();
    return rows.length;
  }
}

/**
 * Defines `suite` once per backend — SQLite always, PostgreSQL when the globalSetup or
 * TEST_DATABASE_URL provides one, else visibly skipped — each test on a fresh database.
 */
export function describeStorage(title: string, suite: (h: Harness) => void): void {
  describe(`${title} on sqlite`, () => {
    suite(new Harness(sqlite));
  });
  const pg = postgres();
  const { note } = postgresUrl();
  if (pg.skipped !== null) console.warn(`PostgreSQL storage tests SKIPPED: ${pg.skipped}`);
  describe.skipIf(pg.skipped !== null)(
    `${title} on postgres (${pg.skipped === null ? note : `SKIPPED: ${pg.skipped}`})`,
    () => {
      suite(new Harness(pg));
    },
  );
}

/** One LLM call's usage. */
export const llm = (costMicros: number, speculative = false): TurnUsageEntry => ({
  stage: 'llm',
  provider: 'test-llm',
  units: { inputTokens: 10, outputTokens: 20 },
  costMicros,
  ...(speculative ? { speculative } : {}),
});

export const turn = (sessionId: string, turnId: number, userText = `question ${turnId}`) =>
  ({
    sessionId,
    turnId,
    userText,
    assistantText: `answer ${turnId}`,
    status: 'completed',
  }) satisfies CompletedTurn;

/** A raw turns row, for writing past the repositories. */
export function turnRow(t: CompletedTurn): Insertable<TurnsTable> {
  return {
    session_id: t.sessionId,
    turn_id: t.turnId,
    user_text: t.userText,
    assistant_text: t.assistantText,
    status: t.status,
    timings: '{}',
    usage: '{}',
    providers: '{}',
    created_at: T0,
  };
}
