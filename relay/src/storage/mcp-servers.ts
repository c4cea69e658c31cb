import type { Kysely } from 'kysely';
import type { Tables } from './schema.ts';

/** An MCP server as stored: its config JSON (secrets sealed by the caller) and its times. */
export interface StoredMcpServer {
  id: string;
  name: string;
  config: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms; strictly increases with each change of this server. */
  updatedAt: number;
}

/**
 * The MCP servers an operator added, one row each, read by every relay of the database. What
 * `config` holds is the caller's business (secrets arrive sealed); this only keeps it.
 */
export class McpServersStore {
  /** @param now epoch-ms clock */
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<StoredMcpServer[]> {
    const rows = await this.db
      .selectFrom('mcp_servers')
      .select(['id', 'name', 'config', 'created_at', 'updated_at'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      config: r.config,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  /**
   * Each server's id and `updatedAt`, joined: a cheap poll that changes with any add, change or
   * removal (another relay's included).
   */
  async version(): Promise<string> {
    const rows = await this.db
      .selectFrom('mcp_servers')
      .select(['id', 'updated_at'])
      .orderBy('id')
      .execute();
    return rows.map((r) => `${r.id}@${r.updated_at}`).join(',');
  }

  /** Adds a server; resolves to its stored row. */
  async add(server: { id: string; name: string; config: string }): Promise<StoredMcpServer> {
    const at = this.now();
    await this.db
      .insertInto('mcp_servers')
      .values({ ...server, created_at: at, updated_at: at })
      .execute();
    return { ...server, createdAt: at, updatedAt: at };
  }

  /**
   * Replaces a server's config; false when there is no such server. Its `updatedAt` moves past
   * the previous one even when the clock does not (a poll never misses a change).
   */
  async update(id: string, config: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const previous = await trx
        .selectFrom('mcp_servers')
        .select('updated_at')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!previous) return false;
      const updatedAt = Math.max(this.now(), previous.updated_at + 1);
      await trx
        .updateTable('mcp_servers')
        .set({ config, updated_at: updatedAt })
        .where('id', '=', id)
        .execute();
      return true;
    });
  }

  /** Removes a server; false when there was none. */
  async remove(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('mcp_servers').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
