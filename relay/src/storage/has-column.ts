import { sql, type Kysely } from 'kysely';
import type { DialectName } from './dialect-name.ts';

/** Whether `table` has `column` (migrations that add a column must stay re-runnable). */
export async function hasColumn(
  db: Kysely<unknown>,
  dialect: DialectName,
  table: string,
  column: string,
): Promise<boolean> {
  const columns =
    dialect === 'sqlite'
      ? sql<{ name: string }>`select name from pragma_table_info(${table})`
      : sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_schema = current_schema() and table_name = ${table}`;
  const { rows } = await columns.execute(db);
  return rows.some((r) => r.name === column);
}
