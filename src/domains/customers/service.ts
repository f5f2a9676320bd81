// Customers and accounts: upsert by external_id or email, look up, list; and the batch resolver ingest uses.
import type { Db, Queryable } from '../../db/connect.ts';
import { Conflict, NotFound } from '../../errors.ts';
import { decodeCursor, newId } from '../../shared/ids.ts';
import { compareKeys } from '../../shared/order.ts';
import type { CustomerListQuery, CustomerRef, CustomerUpsertInput } from './schema.ts';
import * as store from './store.ts';

export type { AccountRow, CustomerRow } from './store.ts';

/** The customer a written row belongs to, with what metrics need to know about them at that moment. */
export interface ResolvedCustomer {
  id: string;
  segment: string | null;
  accountId: string | null;
}

export interface CustomerRefToResolve {
  workspaceId: string;
  ref: CustomerRef;
  /** When the customer was first seen, if this creates them. */
  seenAt: Date;
}

export type Resolution = ResolvedCustomer | { error: NotFound | Conflict };

const keyOf = (workspaceId: string, kind: string, value: string) =>
  `${workspaceId}\u0000${kind}\u0000${value}`;

/**
 * Resolves many customer references in a few set-at-a-time statements inside the caller's transaction:
 * by id (must exist), else external_id, else email; unknown external ids and emails become new customers.
 * Attributes given with an existing customer (name, segment, traits) update it.
 */
export async function resolveCustomerRefs(
  tx: Queryable,
  items: CustomerRefToResolve[],
): Promise<Resolution[]> {
  const found = new Map<string, store.CustomerRow>();
  const remember = (row: store.CustomerRow) => {
    found.set(keyOf(row.workspace_id, 'id', row.id), row);
    if (row.external_id) found.set(keyOf(row.workspace_id, 'external_id', row.external_id), row);
    if (row.email) found.set(keyOf(row.workspace_id, 'email', row.email), row);
  };
  const lookupOf = (ref: CustomerRef): ['id' | 'external_id' | 'email', string] =>
    ref.id
      ? ['id', ref.id]
      : ref.external_id
        ? ['external_id', ref.external_id]
        : ['email', ref.email as string];
  const lookFor = async (pending: CustomerRefToResolve[]) => {
    const byKind = { id: [], external_id: [], email: [] } as Record<
      'id' | 'external_id' | 'email',
      Array<{ workspaceId: string; value: string }>
    >;
    for (const item of pending) {
      const [kind, value] = lookupOf(item.ref);
      byKind[kind].push({ workspaceId: item.workspaceId, value });
      // A new external id may still belong to a customer known by email only.
      if (kind === 'external_id' && item.ref.email)
        byKind.email.push({ workspaceId: item.workspaceId, value: item.ref.email });
    }
    for (const kind of ['id', 'external_id', 'email'] as const) {
      for (const row of await store.findCustomersBy(tx, kind, byKind[kind])) remember(row);
    }
  };
  const lookup = (item: CustomerRefToResolve) => found.get(keyOf(item.workspaceId, ...lookupOf(item.ref)));

  await lookFor(items);
  // The first reference to a new customer creates it, as of the earliest moment any reference saw them;
  // that reference's attributes are already in the row, so only the later ones may need an update.
  const creators = new Set<CustomerRefToResolve>();
  // Create the unknown ones; a concurrent writer may create some first, so look again for those.
  for (let attempt = 0; attempt < 3; attempt++) {
    const toCreate = new Map<string, { item: CustomerRefToResolve; seenAt: Date }>();
    for (const item of items) {
      if (item.ref.id || lookup(item)) continue;
      const [kind, value] = lookupOf(item.ref);
      if (
        kind === 'external_id' &&
        item.ref.email &&
        found.has(keyOf(item.workspaceId, 'email', item.ref.email))
      )
        continue;
      const key = keyOf(item.workspaceId, kind, value);
      const first = toCreate.get(key);
      if (!first) toCreate.set(key, { item, seenAt: item.seenAt });
      else if (item.seenAt < first.seenAt) first.seenAt = item.seenAt;
    }
    if (toCreate.size === 0) break;
    const inserted = await store.insertCustomers(
      tx,
      [...toCreate.values()].map(({ item, seenAt }) => ({
        workspaceId: item.workspaceId,
        id: newId(),
        externalId: item.ref.external_id ?? null,
        email: item.ref.email ?? null,
        name: item.ref.name ?? null,
        segment: item.ref.segment ?? null,
        accountId: null,
        traits: item.ref.traits ?? null,
        startedAt: seenAt,
      })),
    );
    for (const row of inserted) remember(row);
    // A customer a concurrent writer created first does not carry this reference's attributes.
    const ours = new Set(inserted.map((row) => row.id));
    for (const { item } of toCreate.values()) if (ours.has(lookup(item)?.id ?? '')) creators.add(item);
    if (inserted.length < toCreate.size) await lookFor([...toCreate.values()].map(({ item }) => item));
  }

  const updated = new Map<
    string,
    { row: store.CustomerRow; changes: Parameters<typeof store.updateCustomer>[3] }
  >();
  const results: Resolution[] = [];
  for (const item of items) {
    const { ref } = item;
    let row = lookup(item);
    if (!row && ref.external_id && ref.email) {
      // Known by email only: this reference gives that customer its external id.
      const byEmail = found.get(keyOf(item.workspaceId, 'email', ref.email));
      if (byEmail?.external_id && byEmail.external_id !== ref.external_id) {
        results.push({
          error: new Conflict(
            `customer.email ${ref.email} belongs to the customer with external_id ${byEmail.external_id}`,
          ),
        });
        continue;
      }
      row = byEmail;
    }
    if (!row) {
      results.push({ error: new NotFound(ref.id ? `Customer ${ref.id}` : 'Customer') });
      continue;
    }
    const changes = {
      externalId: row.external_id ? undefined : ref.external_id,
      email: row.email || !ref.email ? undefined : ref.email,
      name: ref.name !== undefined && ref.name !== row.name ? ref.name : undefined,
      segment: ref.segment !== undefined && ref.segment !== row.segment ? ref.segment : undefined,
      traits: ref.traits,
    };
    const changed = Object.values(changes).some((value) => value !== undefined);
    const rowKey = keyOf(row.workspace_id, 'id', row.id);
    if (changed && !creators.has(item) && !updated.has(rowKey)) {
      updated.set(rowKey, { row, changes });
    }
    const segment = updated.get(rowKey)?.changes.segment ?? row.segment;
    results.push({ id: row.id, segment, accountId: row.account_id });
  }
  // Updated in id order, so concurrent groups lock customers in one order and cannot deadlock.
  const updates = [...updated.values()].sort((a, b) => compareKeys(a.row.id, b.row.id));
  for (const { row, changes } of updates) await store.updateCustomer(tx, row.workspace_id, row.id, changes);
  return results;
}

export class CustomerService {
  constructor(private readonly db: Db) {}

  /** Creates or updates a customer found by external_id (else email); returns whether it was created. */
  async upsertCustomer(workspaceId: string, input: CustomerUpsertInput) {
    return this.db.transaction(async (tx) => {
      const account = input.account
        ? (await store.upsertAccount(tx, workspaceId, newId(), input.account)).account
        : undefined;
      const [resolution] = await resolveCustomerRefs(tx, [
        { workspaceId, ref: { ...input, account: undefined } as CustomerRef, seenAt: new Date() },
      ]);
      if ('error' in resolution) throw resolution.error;
      // Rows inserted by this transaction carry its start time, now().
      const existedBefore = await tx.query<{ created: boolean }>(
        'SELECT created_at = now() AS created FROM customers WHERE workspace_id = $1 AND id = $2',
        [workspaceId, resolution.id],
      );
      const customer = account
        ? await store.updateCustomer(tx, workspaceId, resolution.id, { accountId: account.id })
        : await store.findCustomer(tx, workspaceId, resolution.id);
      return { customer, created: existedBefore[0]?.created ?? false };
    });
  }

  async getCustomer(workspaceId: string, id: string) {
    const customer = await store.findCustomer(this.db, workspaceId, id);
    if (!customer) throw new NotFound(`Customer ${id}`);
    return customer;
  }

  listCustomers(workspaceId: string, query: CustomerListQuery) {
    return store.listCustomers(this.db, workspaceId, {
      limit: query.limit,
      after: decodeCursor(query.cursor),
      segment: query.segment,
      accountId: query.account_id,
      externalId: query.external_id,
      email: query.email,
      createdAfter: query.created_after,
      createdBefore: query.created_before,
    });
  }

  upsertAccount(workspaceId: string, input: Parameters<typeof store.upsertAccount>[3]) {
    return this.db.transaction((tx) => store.upsertAccount(tx, workspaceId, newId(), input));
  }

  async getAccount(workspaceId: string, id: string) {
    const account = await store.findAccount(this.db, workspaceId, id);
    if (!account) throw new NotFound(`Account ${id}`);
    return account;
  }

  listAccounts(workspaceId: string, query: { limit: number; cursor?: string; plan?: string }) {
    return store.listAccounts(this.db, workspaceId, {
      limit: query.limit,
      after: decodeCursor(query.cursor),
      plan: query.plan,
    });
  }
}

/**
 * Resolves the customers of many write units (one request each) at once. A unit whose reference is
 * unknown or conflicting fails as a whole, naming the field; the others go on.
 */
export async function resolveCustomersOfUnits<Row, Unit extends { workspaceId: string; rows: Row[] }>(
  tx: Queryable,
  units: Unit[],
  refOf: (row: Row) => { ref: CustomerRef | undefined; seenAt: Date },
  fieldOf: (unit: Unit, rowIndex: number) => string,
): Promise<Array<{ customers: Array<ResolvedCustomer | null> } | { error: NotFound | Conflict }>> {
  // A refused unit's resolution may already have written (a new customer); writeIdempotently rolls the
  // group back and writes it again without that unit, so nothing of it is left behind.
  const wanted: CustomerRefToResolve[] = [];
  const positions: Array<[number, number]> = [];
  for (const [unitIndex, unit] of units.entries()) {
    for (const [rowIndex, row] of unit.rows.entries()) {
      const { ref, seenAt } = refOf(row);
      if (!ref) continue;
      wanted.push({ workspaceId: unit.workspaceId, ref, seenAt });
      positions.push([unitIndex, rowIndex]);
    }
  }
  const resolutions = await resolveCustomerRefs(tx, wanted);
  const results: Array<{ customers: Array<ResolvedCustomer | null> } | { error: NotFound | Conflict }> =
    units.map((unit) => ({ customers: unit.rows.map(() => null) }));
  resolutions.forEach((resolution, index) => {
    const [unitIndex, rowIndex] = positions[index];
    const result = results[unitIndex];
    if ('error' in result) return;
    if ('error' in resolution) {
      const error = resolution.error;
      error.errors = [{ path: fieldOf(units[unitIndex], rowIndex), message: error.message }];
      results[unitIndex] = { error };
    } else {
      result.customers[rowIndex] = resolution;
    }
  });
  return results;
}
