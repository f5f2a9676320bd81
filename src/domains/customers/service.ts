// Customers and accounts: upsert by external_id, email or phone, look up, list; and the batch resolver ingest uses.
import type { Db, Queryable } from '../../db/connect.ts';
import { Conflict, NotFound } from '../../errors.ts';
import { decodeCursor, decodeTimeCursor, encodeTimeCursor, newId } from '../../shared/ids.ts';
import { compareKeys } from '../../shared/order.ts';
import type { CustomerListQuery, CustomerRef, CustomerUpsertInput, TimelineQuery } from './schema.ts';
import * as store from './store.ts';

/** What the customer page shows beside the timeline, as read; presentSummary shapes it. */
export interface SummaryParts {
  customer: store.CustomerRow;
  account: store.AccountRow | undefined;
  touchpoints: store.TouchpointTotalsRow;
  scores: store.SurveyScoreRow[];
  history: store.ScorePointRow[];
  revenue: store.CustomerRevenueRow[];
  months: store.RevenueMonthRow[];
  now: Date;
}

/** How many of a customer's latest scores the summary charts: years of answers for any real customer. */
const scoreHistoryLength = 500;

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

type Identity = 'id' | 'external_id' | 'email' | 'phone';

const keyOf = (workspaceId: string, kind: string, value: string) =>
  `${workspaceId}\u0000${kind}\u0000${value}`;

/**
 * Resolves many customer references in a few set-at-a-time statements inside the caller's transaction:
 * by id (must exist), else external_id, else email, else phone; unknown ones become new customers. A customer
 * known only by a later identity the reference also gives (its email or phone) takes the earlier one.
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
    if (row.phone) found.set(keyOf(row.workspace_id, 'phone', row.phone), row);
  };
  const lookupOf = (ref: CustomerRef): [Identity, string] =>
    ref.id
      ? ['id', ref.id]
      : ref.external_id
        ? ['external_id', ref.external_id]
        : ref.email
          ? ['email', ref.email]
          : ['phone', ref.phone as string];
  // A new external id may still belong to a customer known by email or phone only, a new email to one known
  // by phone only: the later identities a reference gives, in order.
  const fallbacksOf = (ref: CustomerRef): Array<['email' | 'phone', string]> => {
    const [kind] = lookupOf(ref);
    const fallbacks: Array<['email' | 'phone', string]> = [];
    if (kind === 'external_id' && ref.email) fallbacks.push(['email', ref.email]);
    if ((kind === 'external_id' || kind === 'email') && ref.phone) fallbacks.push(['phone', ref.phone]);
    return fallbacks;
  };
  const lookFor = async (pending: CustomerRefToResolve[]) => {
    const byKind = { id: [], external_id: [], email: [], phone: [] } as Record<
      Identity,
      Array<{ workspaceId: string; value: string }>
    >;
    for (const item of pending) {
      const [kind, value] = lookupOf(item.ref);
      byKind[kind].push({ workspaceId: item.workspaceId, value });
      for (const [fallback, fallbackValue] of fallbacksOf(item.ref))
        byKind[fallback].push({ workspaceId: item.workspaceId, value: fallbackValue });
    }
    for (const kind of ['id', 'external_id', 'email', 'phone'] as const) {
      for (const row of await store.findCustomersBy(tx, kind, byKind[kind])) remember(row);
    }
  };
  const lookup = (item: CustomerRefToResolve) => found.get(keyOf(item.workspaceId, ...lookupOf(item.ref)));
  /** The customer found by a later identity of the reference, when none is found by its first. */
  const fallbackOf = (item: CustomerRefToResolve) => {
    for (const [kind, value] of fallbacksOf(item.ref)) {
      const row = found.get(keyOf(item.workspaceId, kind, value));
      if (row) return { kind, value, row };
    }
    return undefined;
  };

  await lookFor(items);
  // The first reference to a new customer creates it, as of the earliest moment any reference saw them;
  // that reference's attributes are already in the row, so only the later ones may need an update.
  const creators = new Set<CustomerRefToResolve>();
  // Create the unknown ones; a concurrent writer may create some first, so look again for those.
  for (let attempt = 0; attempt < 3; attempt++) {
    const toCreate = new Map<string, { item: CustomerRefToResolve; seenAt: Date }>();
    for (const item of items) {
      if (item.ref.id || lookup(item) || fallbackOf(item)) continue;
      const [kind, value] = lookupOf(item.ref);
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
        phone: item.ref.phone ?? null,
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
    const fallback = row ? undefined : fallbackOf(item);
    if (fallback) {
      // Known by a later identity only: this reference gives that customer its external id (or email),
      // unless the customer already has another.
      const [kind, value] = lookupOf(ref);
      const held = kind === 'external_id' ? fallback.row.external_id : fallback.row.email;
      if (held && held !== value) {
        results.push({
          error: new Conflict(
            `customer.${fallback.kind} ${fallback.value} belongs to the customer with ${kind} ${held}`,
          ),
        });
        continue;
      }
      row = fallback.row;
    }
    if (!row) {
      results.push({ error: new NotFound(ref.id ? `Customer ${ref.id}` : 'Customer') });
      continue;
    }
    const changes = {
      externalId: row.external_id ? undefined : ref.external_id,
      email: row.email || !ref.email ? undefined : ref.email,
      phone: row.phone || !ref.phone ? undefined : ref.phone,
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

  /** Finds the customer a reference names (by id, external id or email), creating one for a new external id or email. */
  async resolveCustomer(workspaceId: string, ref: CustomerRef): Promise<ResolvedCustomer> {
    return this.db.transaction(async (tx) => {
      const [resolution] = await resolveCustomerRefs(tx, [{ workspaceId, ref, seenAt: new Date() }]);
      if ('error' in resolution) throw resolution.error;
      return resolution;
    });
  }

  /** The customer a reference names, if they exist; nothing is created or changed. */
  async findCustomer(workspaceId: string, ref: CustomerRef) {
    return ref.id
      ? store.findCustomer(this.db, workspaceId, ref.id)
      : store.findCustomerByIdentity(this.db, workspaceId, ref);
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
      phone: query.phone,
      createdAfter: query.created_after,
      createdBefore: query.created_before,
      search: query.q,
    });
  }

  listSegments(workspaceId: string, limit: number) {
    return store.listSegments(this.db, workspaceId, limit);
  }

  /** One page of the customer's responses, feedback and events, newest first, and the cursor of the next. */
  async timeline(workspaceId: string, id: string, query: TimelineQuery) {
    const before = decodeTimeCursor(query.cursor);
    await this.getCustomer(workspaceId, id);
    const rows = await store.listTimeline(this.db, workspaceId, id, { limit: query.limit, before });
    const more = rows.length > query.limit;
    const kept = more ? rows.slice(0, query.limit) : rows;
    const last = kept[kept.length - 1];
    return {
      rows: kept,
      nextCursor: more ? encodeTimeCursor({ micros: BigInt(last.at_micros), id: last.id }) : null,
    };
  }

  /** What the customer page shows beside the timeline: account, touchpoint totals, scores and revenue. */
  async summary(workspaceId: string, id: string): Promise<SummaryParts> {
    const customer = await this.getCustomer(workspaceId, id);
    const [account, touchpoints, scores, history, revenue, months] = await Promise.all([
      customer.account_id ? store.findAccount(this.db, workspaceId, customer.account_id) : undefined,
      store.touchpointTotals(this.db, workspaceId, id),
      store.scoreTotals(this.db, workspaceId, id),
      store.latestScores(this.db, workspaceId, id, scoreHistoryLength),
      store.revenueOf(this.db, workspaceId, id),
      store.revenueByMonth(this.db, workspaceId, id),
    ]);
    return { customer, account, touchpoints, scores, history, revenue, months, now: new Date() };
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
