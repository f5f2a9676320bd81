// Where a service call's database time goes: its queries, captured by a spy, re-run under EXPLAIN ANALYZE.
import type { Db, Queryable } from '../src/db/connect.ts';
import { median } from './util.ts';

export interface CallCost {
  name: string;
  /** The call as the service runs it, in-process (no HTTP), median of a few runs. */
  wallMs: number;
  queries: number;
  executionMs: number;
  planningMs: number;
  jitMs: number;
  /** Rows visited per table, e.g. "responses 191,340": a dashboard read should visit few raw rows. */
  visited: Record<string, number>;
}

interface PlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

interface ExplainOutput {
  Plan?: PlanNode;
  'Execution Time'?: number;
  'Planning Time'?: number;
  JIT?: { Timing?: { Total?: number } };
}

/** Rows each table's scans looked at (returned + filtered out + removed on recheck), summed over the plan. */
function rowsVisited(node: PlanNode | undefined, into: Map<string, number>): void {
  if (!node) return;
  if (node['Relation Name'] && node['Node Type']?.includes('Scan')) {
    const visited =
      (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1) +
      (node['Rows Removed by Filter'] ?? 0) +
      (node['Rows Removed by Index Recheck'] ?? 0);
    into.set(node['Relation Name'], (into.get(node['Relation Name']) ?? 0) + visited);
  }
  for (const child of node.Plans ?? []) rowsVisited(child, into);
}

interface Captured {
  sql: string;
  params?: readonly unknown[];
  /** Statements sent inside one transaction share its number, so settings like SET LOCAL replay with them. */
  transaction?: number;
}

/** Runs `call` against a spy of `db` a few times, then EXPLAINs every read query it sent. */
export async function costOf(db: Db, name: string, call: (db: Db) => Promise<unknown>): Promise<CallCost> {
  let captured: Captured[] = [];
  let transactions = 0;
  const spyOf = (target: Queryable, transaction?: number): Queryable => ({
    query: <Row>(sql: string, params?: readonly unknown[]) => {
      captured.push({ sql, params, transaction });
      return target.query<Row>(sql, params);
    },
  });
  const spy: Db = {
    ...db,
    ...spyOf(db),
    transaction: (work) => {
      const number = ++transactions;
      return db.transaction((tx) => work(spyOf(tx, number)));
    },
  };
  const walls: number[] = [];
  for (let run = 0; run < 3; run++) {
    captured = [];
    const t0 = performance.now();
    await call(spy);
    walls.push(performance.now() - t0);
  }
  const cost: CallCost = {
    name,
    wallMs: median(walls),
    queries: captured.filter((query) => isRead(query.sql)).length,
    executionMs: 0,
    planningMs: 0,
    jitMs: 0,
    visited: {},
  };
  const visited = new Map<string, number>();
  const explain = async (target: Queryable, query: Captured) => {
    const [row] = await target.query<{ 'QUERY PLAN': ExplainOutput[] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`,
      query.params,
    );
    const plan = row['QUERY PLAN'][0];
    cost.executionMs += plan['Execution Time'] ?? 0;
    cost.planningMs += plan['Planning Time'] ?? 0;
    cost.jitMs += plan.JIT?.Timing?.Total ?? 0;
    rowsVisited(plan.Plan, visited);
  };
  // Replay in order: a transaction's statements together (its SETs run, its reads are explained). A call
  // may run transactions side by side, so their statements interleave: each transaction is replayed whole
  // where its first statement was, and skipped where its later ones are.
  const replayed = new Set<number>();
  for (const query of captured) {
    if (query.transaction === undefined) {
      if (isRead(query.sql)) await explain(db, query);
      continue;
    }
    if (replayed.has(query.transaction)) continue;
    replayed.add(query.transaction);
    const group = captured.filter((other) => other.transaction === query.transaction);
    await db.transaction(async (tx) => {
      for (const statement of group) {
        if (isRead(statement.sql)) await explain(tx, statement);
        else if (/^\s*SET\b/i.test(statement.sql)) await tx.query(statement.sql, statement.params);
      }
    });
  }
  cost.visited = Object.fromEntries(visited);
  return cost;
}

const isRead = (sql: string) => /^\s*(SELECT|WITH)/i.test(sql);
