import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { hasColumn } from './has-column.ts';
import type { DialectName } from './dialect-name.ts';

/** The migrations of the assistant's tools (issue 48), in the order migrations.ts applies them. */

/**
 * The MCP servers an operator adds (issue 48): one row per server, shared by every relay of the
 * database. Its token and environment values inside `config` are encrypted by the relay.
 */
export function mcpServers(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('mcp_servers')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * The built-in tools' own data (issue 48): each user's reminders, kept after they ring until a
 * page of theirs says it rang them, and the notes the assistant remembers for them. Each read is
 * one user's, by the index that leads with `user_id`.
 */
export function remindersAndNotes(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('reminders')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('delivered_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('reminders_user_due_idx')
        .ifNotExists()
        .on('reminders')
        .columns(['user_id', 'due_at'])
        .execute();
      await db.schema
        .createTable('notes')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('notes_user_created_idx')
        .ifNotExists()
        .on('notes')
        .columns(['user_id', 'created_at'])
        .execute();
    },
  };
}

/**
 * The tool calls of each turn (issue 48), as JSON (`TurnToolCall[]`) in its row: read only with
 * their turn (the history, exports), a handful per turn, written in the turn's own insert; null
 * for turns that called none, and for every turn before this column.
 */
export function turnsToolCalls(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (!(await hasColumn(db, dialect, 'turns', 'tool_calls')))
        await db.schema.alterTable('turns').addColumn('tool_calls', 'text').execute();
    },
  };
}

/**
 * Reminders delivered by Web Push while the app is closed (issue 65): each browser's push
 * subscription, kept per user (its endpoint is the key: a browser signed in as another user
 * moves to them), and when a relay claimed a reminder's push (`pushed_at`: one relay of a
 * cluster pushes it, by a conditional update). The relays' push clock reads the reminders
 * across users by due time, among those neither pushed nor rung (a partial index).
 */
export function pushSubscriptions(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (!(await hasColumn(db, dialect, 'reminders', 'pushed_at')))
        await db.schema.alterTable('reminders').addColumn('pushed_at', 'bigint').execute();
      await db.schema
        .createIndex('reminders_unpushed_due_idx')
        .ifNotExists()
        .on('reminders')
        .column('due_at')
        .where(sql<boolean>`pushed_at is null and delivered_at is null`)
        .execute();
      await db.schema
        .createTable('push_subscriptions')
        .ifNotExists()
        .addColumn('endpoint', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('p256dh', 'text', (c) => c.notNull())
        .addColumn('auth', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('push_subscriptions_user_idx')
        .ifNotExists()
        .on('push_subscriptions')
        .column('user_id')
        .execute();
    },
  };
}
