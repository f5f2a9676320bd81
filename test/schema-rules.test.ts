// The Citus multi-tenant rules, checked on pg_catalog after the migrations: every tenant table is keyed and
// linked by workspace_id, so the schema can be distributed by workspace without a rewrite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../src/db/connect.ts';
import { backends } from './support/backends.ts';
import { type Harness, openHarness } from './support/harness.ts';

/** Tables that are not tenant data, each with the reason it may lack workspace_id. */
const notTenantTables: Record<string, string> = {
  // The tenant itself: its id *is* the distribution value; under Citus it becomes a reference table.
  workspaces: 'the tenant root, keyed by its own id',
  // Migration bookkeeping of the whole database, written once per migration by the migrator.
  schema_migrations: 'global migration bookkeeping',
  // One row per rollup kind: how far the fold job reached across all workspaces (a reference table).
  rollup_watermarks: 'global fold progress shared by every workspace',
  // Failed sign-ins by e-mail address and client IP, counted before any workspace is known (a reference table).
  sign_in_failures: 'sign-in rate limiting, keyed by address and IP before a workspace is known',
};

interface TableColumn {
  table: string;
  columns: string[];
  workspace_id_not_null: boolean | null;
  workspace_id_type: string | null;
  primary_key: string[] | null;
}

interface KeyedConstraint {
  table: string;
  name: string;
  columns: string[];
}

interface ForeignKey {
  table: string;
  name: string;
  columns: string[];
  referenced_table: string;
  referenced_columns: string[];
}

/** Every violation of the multi-tenant rules in one schema, as sentences naming the table and constraint. */
async function multiTenantViolations(
  db: Queryable,
  schema: string,
  allowlist: readonly string[],
): Promise<string[]> {
  const tables = await db.query<TableColumn>(
    `SELECT c.relname AS table,
            array(SELECT a.attname::text FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS columns,
            (SELECT a.attnotnull FROM pg_attribute a
             WHERE a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped) AS workspace_id_not_null,
            (SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
             WHERE a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped) AS workspace_id_type,
            (SELECT array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, position)
                          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum ORDER BY u.position)
             FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p') AS primary_key
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     ORDER BY c.relname`,
    [schema],
  );
  // Unique indexes cover UNIQUE and PRIMARY KEY constraints too; only key columns count, not INCLUDE ones.
  const uniques = await db.query<KeyedConstraint>(
    `SELECT t.relname AS table, i.relname AS name,
            array(SELECT coalesce(a.attname::text, '(expression)')
                  FROM unnest((x.indkey::int2[])[0:x.indnkeyatts - 1]) WITH ORDINALITY AS u(attnum, position)
                  LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = u.attnum
                  ORDER BY u.position) AS columns
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = $1 AND x.indisunique
     ORDER BY t.relname, i.relname`,
    [schema],
  );
  const foreignKeys = await db.query<ForeignKey>(
    `SELECT t.relname AS table, k.conname AS name, r.relname AS referenced_table,
            array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, position)
                  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.position) AS columns,
            array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS u(attnum, position)
                  JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.position)
              AS referenced_columns
     FROM pg_constraint k
     JOIN pg_class t ON t.oid = k.conrelid
     JOIN pg_class r ON r.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = $1 AND k.contype = 'f'
     ORDER BY t.relname, k.conname`,
    [schema],
  );

  const tenant = new Set(tables.map((t) => t.table).filter((name) => !allowlist.includes(name)));
  const violations: string[] = [];
  const workspaceIdTypes = new Set<string>();
  for (const table of tables) {
    if (!tenant.has(table.table)) continue;
    if (!table.columns.includes('workspace_id')) {
      violations.push(`table ${table.table}: has no workspace_id column`);
      continue;
    }
    workspaceIdTypes.add(`${table.workspace_id_type}`);
    if (!table.workspace_id_not_null) violations.push(`table ${table.table}: workspace_id is nullable`);
    if (!table.primary_key) violations.push(`table ${table.table}: has no primary key`);
    else if (table.primary_key[0] !== 'workspace_id')
      violations.push(
        `table ${table.table}: primary key (${table.primary_key.join(', ')}) does not start with workspace_id`,
      );
  }
  if (workspaceIdTypes.size > 1)
    violations.push(`workspace_id has several types (${[...workspaceIdTypes].sort().join(', ')})`);
  for (const unique of uniques) {
    if (tenant.has(unique.table) && !unique.columns.includes('workspace_id'))
      violations.push(
        `table ${unique.table}: unique index ${unique.name} (${unique.columns.join(', ')}) lacks workspace_id`,
      );
  }
  for (const key of foreignKeys) {
    const from = tenant.has(key.table);
    const to = tenant.has(key.referenced_table);
    const shape = `(${key.columns.join(', ')}) → ${key.referenced_table} (${key.referenced_columns.join(', ')})`;
    if (!from && to) {
      violations.push(
        `table ${key.table}: foreign key ${key.name} ${shape} points from a shared table into tenant data`,
      );
    } else if (from && to) {
      const position = key.columns.indexOf('workspace_id');
      if (position === -1 || key.referenced_columns[position] !== 'workspace_id')
        violations.push(
          `table ${key.table}: foreign key ${key.name} ${shape} does not pair workspace_id with workspace_id`,
        );
    }
  }
  return violations;
}

describe.each(backends)('Citus multi-tenant schema rules on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(backend);
  });
  afterAll(() => h.close());

  it('has every allowlisted table, so the allowlist cannot outlive the tables it excuses', async () => {
    const rows = await h.db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1::text[]) AND c.relkind = 'r'
       ORDER BY c.relname`,
      [Object.keys(notTenantTables)],
    );
    expect(rows.map((row) => row.name)).toEqual(Object.keys(notTenantTables).sort());
  });

  it('keys every tenant table by workspace_id first and includes it in every unique index and foreign key', async () => {
    const [{ schema }] = await h.db.query<{ schema: string }>('SELECT current_schema() AS schema');
    const violations = await multiTenantViolations(h.db, schema, Object.keys(notTenantTables));
    expect(violations, `Citus multi-tenant rules broken:\n  ${violations.join('\n  ')}`).toEqual([]);
  });

  it('names each offending table and constraint when the rules are broken', async () => {
    // A scratch schema with one mistake of each kind shows the check catches them and says where.
    await h.db.query('DROP SCHEMA IF EXISTS schema_rules_probe CASCADE');
    await h.db.query(`
      CREATE SCHEMA schema_rules_probe;
      CREATE TABLE schema_rules_probe.workspaces (id uuid PRIMARY KEY, default_good uuid);
      CREATE TABLE schema_rules_probe.good (
        workspace_id uuid NOT NULL REFERENCES schema_rules_probe.workspaces (id),
        id uuid NOT NULL, code text,
        PRIMARY KEY (workspace_id, id), UNIQUE (workspace_id, code));
      ALTER TABLE schema_rules_probe.workspaces ADD CONSTRAINT workspaces_default_good
        FOREIGN KEY (id, default_good) REFERENCES schema_rules_probe.good (workspace_id, id);
      CREATE TABLE schema_rules_probe.no_tenant (id uuid PRIMARY KEY);
      CREATE TABLE schema_rules_probe.nullable_tenant (workspace_id uuid, id uuid, PRIMARY KEY (id));
      CREATE TABLE schema_rules_probe.wrong_order (
        workspace_id uuid NOT NULL, id uuid NOT NULL, code text, good_id uuid,
        PRIMARY KEY (id, workspace_id),
        CONSTRAINT wrong_order_code UNIQUE (code),
        CONSTRAINT wrong_order_good FOREIGN KEY (good_id, workspace_id)
          REFERENCES schema_rules_probe.good (workspace_id, id));
      CREATE UNIQUE INDEX wrong_order_lower_code ON schema_rules_probe.wrong_order (lower(code));
      CREATE TABLE schema_rules_probe.text_tenant (workspace_id text NOT NULL, id int, PRIMARY KEY (workspace_id, id));
    `);
    try {
      const violations = await multiTenantViolations(h.db, 'schema_rules_probe', ['workspaces']);
      expect(violations).toEqual([
        'table no_tenant: has no workspace_id column',
        'table nullable_tenant: workspace_id is nullable',
        'table nullable_tenant: primary key (id) does not start with workspace_id',
        'table wrong_order: primary key (id, workspace_id) does not start with workspace_id',
        'workspace_id has several types (text, uuid)',
        'table no_tenant: unique index no_tenant_pkey (id) lacks workspace_id',
        'table nullable_tenant: unique index nullable_tenant_pkey (id) lacks workspace_id',
        'table wrong_order: unique index wrong_order_code (code) lacks workspace_id',
        'table wrong_order: unique index wrong_order_lower_code ((expression)) lacks workspace_id',
        'table workspaces: foreign key workspaces_default_good (id, default_good) → good (workspace_id, id) points from a shared table into tenant data',
        'table wrong_order: foreign key wrong_order_good (good_id, workspace_id) → good (workspace_id, id) does not pair workspace_id with workspace_id',
      ]);
    } finally {
      await h.db.query('DROP SCHEMA schema_rules_probe CASCADE');
    }
  });
});
