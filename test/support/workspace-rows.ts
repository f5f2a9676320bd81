// What a workspace holds, table by table (row count and a digest of the rows), to prove a request wrote nothing.
import type { Queryable } from '../../src/db/connect.ts';

export interface TableState {
  rows: number;
  digest: string;
}

/** Every table of the application schema that carries workspace_id, read from the catalog. */
export async function tenantTables(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     ORDER BY c.relname`,
  );
  return rows.map((row) => row.name);
}

/**
 * Count and md5 of every row of the workspace in every tenant table, plus its own workspaces row:
 * an insert, a delete and an update (even of a timestamp) all change it.
 */
export async function workspaceRows(
  db: Queryable,
  workspaceId: string,
  tables?: string[],
): Promise<Record<string, TableState>> {
  const names = tables ?? (await tenantTables(db));
  const part = (table: string, column: string) =>
    `SELECT '${table}' AS name, count(*)::int AS rows,
            coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS digest
     FROM "${table}" t WHERE ${column} = $1`;
  const sql = [part('workspaces', 'id'), ...names.map((name) => part(name, 'workspace_id'))].join(
    '\nUNION ALL\n',
  );
  const rows = await db.query<{ name: string; rows: number; digest: string }>(sql, [workspaceId]);
  return Object.fromEntries(rows.map((row) => [row.name, { rows: row.rows, digest: row.digest }]));
}
