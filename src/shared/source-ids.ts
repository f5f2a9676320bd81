// Permanent source ids: an item synced or imported from another system keeps one id however often it is sent.
import crypto from 'node:crypto';
import { uuidFromBytes } from './ids.ts';
import { requiredText } from './schemas.ts';

export type SourceKind = 'response' | 'feedback' | 'event';

export const maxSourceIdLength = 200;

/**
 * SHA-256 of a string, as bytes. The one-shot `crypto.hash` (Node ≥ 20.12) makes no Hash object per call:
 * imports hash every row twice, and the object was a measurable share of that. Same bytes either way.
 */
export const sha256: (data: string) => Buffer =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'buffer')
    : (data) => crypto.createHash('sha256').update(data).digest();

export const sourceId = requiredText(maxSourceIdLength).describe(
  'Your own id of this item in the system it comes from (a review, ticket or order id). Heed keeps it forever: ' +
    'sending the same source_id again writes nothing and answers with the item already stored.',
);

/**
 * The primary-key id of the item with this source id: a UUID in the version 8 layout (RFC 9562, custom)
 * from SHA-256 of workspace, kind and source id. Derived, not looked up, so a duplicate is refused by the
 * primary key itself and needs no index of its own; version 8 can never equal a UUIDv7 made by newId().
 */
export function sourceItemId(workspaceId: string, kind: SourceKind, source: string): string {
  const hash = sha256(`${workspaceId}\u0000${kind}\u0000${source}`);
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  return uuidFromBytes(hash);
}

/**
 * SQL reading `columns` of the stored rows of `table` among (workspace, id) pairs ($1, $2: uuid arrays), one
 * primary-key probe per pair. OFFSET 0 keeps the subquery from being flattened: a plain join with unnest()
 * let the planner hash the pairs against a sequential scan of every stored row (42 ms per 1,000 keys at
 * 100,000 responses, growing with the table), and `= ANY` arrays let stale statistics (PGlite runs no
 * autovacuum) pick a scan of the workspace's whole index range. A lateral probe cannot be planned either way.
 */
export function storedByKeysSql(table: string, columns: string): string {
  return `SELECT s.* FROM unnest($1::uuid[], $2::uuid[]) AS k(w, i)
     CROSS JOIN LATERAL (SELECT ${columns} FROM ${table} WHERE workspace_id = k.w AND id = k.i OFFSET 0) s`;
}

/** The two arrays of storedByKeysSql. */
export function keyArrays(keys: Array<{ workspaceId: string; id: string }>): [string[], string[]] {
  return [keys.map((k) => k.workspaceId), keys.map((k) => k.id)];
}

/** What a write needs to know of a stored item: its key, source id and customer (for batch answers). */
export interface SourcedRow {
  workspace_id: string;
  id: string;
  source_id: string | null;
  customer_id: string | null;
}

/** A batch's answer: each item's id and customer, and whether it was stored already. */
export interface BatchAnswer {
  count: number;
  duplicates: number;
  results: Array<{ id: string; customer_id: string | null; duplicate: boolean }>;
}

const itemKey = (row: { workspace_id: string; id: string }) => `${row.workspace_id}/${row.id}`;

/**
 * What a write of rows with source ids did, in the writing transaction: which rows were stored before it
 * (they are answered with the stored item and must not be counted anywhere), and which rows it created.
 * `Stored` is what a look-up reads of a stored item: the whole row, or only the columns an answer needs
 * (a batch answers with ids), which keeps a re-import from reading every stored row in full.
 */
export class SourceIdLedger<Row extends SourcedRow, Stored extends SourcedRow = Row> {
  private readonly stored = new Map<string, Stored>();
  private readonly holders = new Map<string, Row>();
  private readonly created = new Set<Row>();

  /** Reads which of the rows' source ids are stored already; rows without one cost nothing. */
  async lookUp(
    rows: Row[],
    find: (keys: Array<{ workspaceId: string; id: string }>) => Promise<Stored[]>,
  ): Promise<void> {
    const keys: Array<{ workspaceId: string; id: string }> = [];
    for (const row of rows)
      if (row.source_id !== null) keys.push({ workspaceId: row.workspace_id, id: row.id });
    if (keys.length === 0) return;
    for (const row of await find(keys)) this.stored.set(itemKey(row), row);
  }

  /** Whether the row's source id was already stored when the write began. */
  isStored(row: Row): boolean {
    return row.source_id !== null && this.stored.size > 0 && this.stored.has(itemKey(row));
  }

  /**
   * Records what the insert wrote (`inserted`: the ids it returned). A source id twice in one group, or one
   * a concurrent transaction stored first, is written once: only the first copy the insert returned counts.
   */
  settle(written: Row[], inserted: Set<string>): Row[] {
    const created: Row[] = [];
    for (const row of written) {
      if (row.source_id === null) created.push(row);
      else if (inserted.has(row.id) && !this.holders.has(itemKey(row))) {
        this.holders.set(itemKey(row), row);
        created.push(row);
      }
    }
    for (const row of created) this.created.add(row);
    return created;
  }

  /**
   * The answer to one request's rows: 201 when it created anything, 200 when every item was stored already;
   * a single submission answers with its item (read whole, and `present`ed), a batch with ids.
   */
  answerOf<Body>(
    rows: Row[],
    batch: boolean,
    present: (row: Row) => Body,
  ): { status: number; body: Body | (Body & { duplicate: true }) } | { status: number; body: BatchAnswer } {
    const items = rows.map((row) => this.outcomeOf(row));
    const duplicates = items.filter((item) => item.duplicate).length;
    const status = duplicates === items.length ? 200 : 201;
    if (!batch) {
      const [item] = items;
      // A single submission's stored copy is read whole: it is a Row.
      const body = present(item.row as Row);
      return { status, body: item.duplicate ? { ...body, duplicate: true as const } : body };
    }
    const results = items.map((item) => ({
      id: item.row.id,
      customer_id: item.row.customer_id,
      duplicate: item.duplicate,
    }));
    return { status, body: { count: items.length, duplicates, results } };
  }

  /** The item a row stands for: itself if this write created it, else the copy that holds its source id. */
  outcomeOf(row: Row): { row: Row | Stored; duplicate: boolean } {
    if (this.created.has(row)) return { row, duplicate: false };
    const key = itemKey(row);
    return { row: this.stored.get(key) ?? this.holders.get(key) ?? row, duplicate: true };
  }
}
