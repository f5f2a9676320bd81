// Permanent source ids: an item synced or imported from another system keeps one id however often it is sent.
import { createHash } from 'node:crypto';
import { requiredText } from './schemas.ts';

export type SourceKind = 'response' | 'feedback' | 'event';

export const maxSourceIdLength = 200;

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
  const hash = createHash('sha256').update(`${workspaceId}\u0000${kind}\u0000${source}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface SourcedRow {
  workspace_id: string;
  id: string;
  source_id: string | null;
}

const itemKey = (row: { workspace_id: string; id: string }) => `${row.workspace_id}/${row.id}`;

/**
 * What a write of rows with source ids did, in the writing transaction: which rows were stored before it
 * (they are answered with the stored item and must not be counted anywhere), and which rows it created.
 */
export class SourceIdLedger<Row extends SourcedRow> {
  private readonly stored = new Map<string, Row>();
  private readonly holders = new Map<string, Row>();
  private readonly created = new Set<Row>();

  /** Reads which of the rows' source ids are stored already; rows without one cost nothing. */
  async lookUp(
    rows: Row[],
    find: (keys: Array<{ workspaceId: string; id: string }>) => Promise<Row[]>,
  ): Promise<void> {
    const keys = rows
      .filter((row) => row.source_id !== null)
      .map((row) => ({ workspaceId: row.workspace_id, id: row.id }));
    for (const row of await find(keys)) this.stored.set(itemKey(row), row);
  }

  /** Whether the row's source id was already stored when the write began. */
  isStored(row: Row): boolean {
    return row.source_id !== null && this.stored.has(itemKey(row));
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

  /** The item a row stands for: itself if this write created it, else the copy that holds its source id. */
  outcomeOf(row: Row): { row: Row; duplicate: boolean } {
    if (this.created.has(row)) return { row, duplicate: false };
    const key = itemKey(row);
    return { row: this.stored.get(key) ?? this.holders.get(key) ?? row, duplicate: true };
  }
}
