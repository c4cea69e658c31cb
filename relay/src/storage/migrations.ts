import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import type { DialectName } from './dialect-name.ts';
import { hasColumn } from './has-column.ts';
import { rowLevelSecurity } from './row-security.ts';
import {
  mcpServers,
  pushSubscriptions,
  remindersAndNotes,
  turnsToolCalls,
} from './tool-migrations.ts';

export type { DialectName } from './dialect-name.ts';

/**
 * Migrations live in code, not in a folder the migrator scans, so they survive bundling. Add new
 * ones at the end with a larger numeric prefix; never edit one that has shipped.
 *
 * Every CREATE says IF NOT EXISTS: Kysely cannot run SQLite migrations in a transaction, so a
 * crash halfway through one must leave it re-runnable.
 *
 * From 015 on, PostgreSQL's row-level security holds the per-user tables: the migrations run on
 * a connection of their own in the system scope `migrate` (see `openDatabase`), so a data
 * migration still sees every user's rows.
 */
export function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '001_initial': initial(dialect),
    '002_turns_created_at': turnsByTime(),
    '003_turns_interrupted': turnsInterrupted(dialect),
    '004_provider_settings': providerSettings(),
    '005_user_preferences': userPreferences(),
    '006_user_preferences_updated_at': preferencesByTime(),
    '007_turns_voice_to_voice': turnsVoiceToVoice(dialect),
    '008_session_metrics': sessionMetrics(dialect),
    '009_usage_ledger_day': usageByDay(),
    '010_dev_user_namespace': devUserNamespace(),
    '011_mcp_servers': mcpServers(),
    '012_reminders_and_notes': remindersAndNotes(),
    '013_turns_tool_calls': turnsToolCalls(dialect),
    '014_push_subscriptions': pushSubscriptions(dialect),
    '015_row_level_security': rowLevelSecurity(dialect),
  };
}

/** Migration names in the order they apply; the last one is the schema version the code expects. */
export function migrationNames(): string[] {
  return Object.keys(migrations('sqlite')).sort();
}

/** The migrations for Kysely's `Migrator`, from code. */
export function migrationProvider(dialect: DialectName): MigrationProvider {
  return { getMigrations: () => Promise.resolve(migrations(dialect)) };
}

function initial(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sessions')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .addColumn('duration_ms', 'bigint')
        .addColumn('close_reason', 'text')
        .addColumn('cost_micros', 'bigint', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`cost_micros >= 0`),
        )
        .addColumn('turn_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('title', 'text')
        .addColumn('resume_secret_hash', 'text')
        .addColumn('resume_state', 'text')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      // Serves "a user's sessions, newest first" (scanned backwards) and every user_id lookup.
      await db.schema
        .createIndex('sessions_user_started_idx')
        .ifNotExists()
        .on('sessions')
        .columns(['user_id', 'started_at', 'id'])
        .execute();
      // The stale-session sweep reads only open sessions; both dialects support partial indexes.
      await db.schema
        .createIndex('sessions_open_updated_idx')
        .ifNotExists()
        .on('sessions')
        .column('updated_at')
        .where(sql.ref('ended_at'), 'is', null)
        .execute();

      await db.schema
        .createTable('turns')
        .ifNotExists()
        .addColumn('session_id', 'text', (c) =>
          c.notNull().references('sessions.id').onDelete('cascade'),
        )
        .addColumn('turn_id', 'integer', (c) => c.notNull())
        .addColumn('user_text', 'text', (c) => c.notNull())
        .addColumn('assistant_text', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('timings', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('usage', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('providers', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('cost_micros', 'bigint', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`cost_micros >= 0`),
        )
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('turns_pk', ['session_id', 'turn_id'])
        .execute();

      await db.schema
        .createTable('usage_ledger')
        .ifNotExists()
        // Dialects differ here: SQLite's rowid alias vs PostgreSQL's identity column.
        .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigint', (c) =>
          dialect === 'sqlite'
            ? c.primaryKey().autoIncrement()
            : c.primaryKey().generatedAlwaysAsIdentity(),
        )
        .addColumn('user_id', 'text', (c) => c.notNull())
        // No foreign key: ledger rows outlive their session.
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('turn_id', 'integer')
        .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage in ('asr', 'llm', 'tts')`))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('units', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('cost_micros', 'bigint', (c) => c.notNull().check(sql`cost_micros >= 0`))
        // An integer rather than a boolean: SQLite has no boolean type and its drivers bind none.
        .addColumn('speculative', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`speculative in (0, 1)`),
        )
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('usage_ledger_user_day_idx')
        .ifNotExists()
        .on('usage_ledger')
        .columns(['user_id', 'day'])
        .execute();
      await db.schema
        .createIndex('usage_ledger_session_turn_idx')
        .ifNotExists()
        .on('usage_ledger')
        .columns(['session_id', 'turn_id'])
        .execute();
    },
  };
}

/** The ops dashboard reads the latest turns across sessions. */
function turnsByTime(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('turns_created_at_idx')
        .ifNotExists()
        .on('turns')
        .column('created_at')
        .execute();
    },
  };
}

/**
 * A turn whose reply the user cut short (a spoken barge-in or the interrupt control) says so:
 * its `status` still tells how the relay's run ended, `interrupted` that the user stopped
 * listening. Re-runnable like every other: the column is added only where it is missing.
 */
function turnsInterrupted(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const columns =
        dialect === 'sqlite'
          ? sql<{ name: string }>`select name from pragma_table_info('turns')`
          : sql<{ name: string }>`select column_name as name from information_schema.columns
              where table_schema = current_schema() and table_name = 'turns'`;
      const { rows } = await columns.execute(db);
      if (rows.some((r) => r.name === 'interrupted')) return;
      await db.schema
        .alterTable('turns')
        // An integer rather than a boolean, as `usage_ledger.speculative`: SQLite has none.
        .addColumn('interrupted', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`interrupted in (0, 1)`),
        )
        .execute();
    },
  };
}

/**
 * The provider chains an admin saves from the app (issue 24): one row per scope (`providers`),
 * shared by every relay of the database. API keys inside `chains` are encrypted by the relay.
 */
function providerSettings(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('provider_settings')
        .ifNotExists()
        .addColumn('scope', 'text', (c) => c.primaryKey())
        .addColumn('chains', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * Each user's preferences (persona, voice, reply length, speaking rate, language), one row per
 * user who saved any, as JSON validated when read: a field added later needs no migration.
 */
function userPreferences(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('user_preferences')
        .ifNotExists()
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('preferences', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}

/** Relays look for preferences saved since their last look (`PreferencesStore.changedSince`). */
function preferencesByTime(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('user_preferences_updated_at_idx')
        .ifNotExists()
        .on('user_preferences')
        .column('updated_at')
        .execute();
    },
  };
}

/**
 * Voice to voice as the user's client reported it (end of speech → first reply sample played,
 * ms), beside the relay's own timings: the latency targets and session summaries read it. Null
 * for typed turns, turns nothing was played of, and turns stored before this column. And an
 * index for the latency window, which reads the sessions that started last.
 */
function turnsVoiceToVoice(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (!(await hasColumn(db, dialect, 'turns', 'voice_to_voice_ms')))
        await db.schema.alterTable('turns').addColumn('voice_to_voice_ms', 'integer').execute();
      await db.schema
        .createIndex('sessions_started_idx')
        .ifNotExists()
        .on('sessions')
        .columns(['started_at', 'id'])
        .execute();
    },
  };
}

/**
 * Each session's summary (`SessionMetrics` as JSON), stored when it ends; null while open and
 * for sessions that ended before this column. And an index for reading sessions by the time
 * they ended (the metrics export and the latest sessions on the ops dashboard).
 */
function sessionMetrics(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (!(await hasColumn(db, dialect, 'sessions', 'metrics')))
        await db.schema.alterTable('sessions').addColumn('metrics', 'text').execute();
      await db.schema
        .createIndex('sessions_ended_idx')
        .ifNotExists()
        .on('sessions')
        .columns(['ended_at', 'id'])
        .execute();
    },
  };
}

/** The usage report reads a period of days across every user. */
function usageByDay(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('usage_ledger_day_idx')
        .ifNotExists()
        .on('usage_ledger')
        .column('day')
        .execute();
    },
  };
}

/**
 * Dev mode's user was `local`, an id an identity provider could issue too: a data folder used in
 * dev mode and then in jwt mode handed the dev user's sessions, preferences and spending to a
 * token with `sub: "local"`. The dev user is `dev:local` now, in a namespace tokens may not
 * claim (see `RESERVED_USER_ID_PREFIX`); its rows move there. The ids are written out, not
 * imported: a migration says what it did when it shipped. Re-runnable: a second run finds no
 * `local` row. A `dev:local` preferences row already there (a token that claimed the id before
 * it was reserved) is kept, and the dev user's is dropped rather than fail the start.
 */
function devUserNamespace(): Migration {
  const from = 'local';
  const to = 'dev:local';
  return {
    async up(db: Kysely<unknown>) {
      await sql`update sessions set user_id = ${to} where user_id = ${from}`.execute(db);
      await sql`update usage_ledger set user_id = ${to} where user_id = ${from}`.execute(db);
      await sql`update user_preferences set user_id = ${to} where user_id = ${from}
        and not exists (select 1 from user_preferences where user_id = ${to})`.execute(db);
      await sql`delete from user_preferences where user_id = ${from}`.execute(db);
    },
  };
}
