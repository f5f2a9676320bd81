// Ingest of lifecycle and revenue events through group commit; keeps customer lifecycle and revenue current.
import type { Db } from '../../db/connect.ts';
import { GroupCommit } from '../../db/group-commit.ts';
import {
  type Idempotency,
  type UnitAnswer,
  type UnitOf,
  writeIdempotently,
} from '../../db/idempotent-write.ts';
import { NotFound } from '../../errors.ts';
import { decodeCursor, newId } from '../../shared/ids.ts';
import { compareKeys } from '../../shared/order.ts';
import { resolveCustomersOfUnits } from '../customers/service.ts';
import { type PresentedEvent, presentEvent } from './present.ts';
import type { EventInput } from './schema.ts';
import * as store from './store.ts';

export type { EventRow } from './store.ts';

interface PendingEvent {
  input: EventInput;
  row: store.EventRow;
}
type EventUnit = UnitOf<PendingEvent> & { batch: boolean };
type EventBody = PresentedEvent | { count: number; results: Array<{ id: string; customer_id: string }> };

/** Folds a group's events into one lifecycle change and one revenue change per customer (and currency). */
export function summariseEvents(rows: store.EventRow[]) {
  const lifecycle = new Map<string, store.LifecycleChange>();
  const revenue = new Map<string, store.RevenueChange>();
  const later = (a: Date | null, b: Date) => (a && a > b ? a : b);
  for (const row of rows) {
    const key = `${row.workspace_id}/${row.customer_id}`;
    const change = lifecycle.get(key) ?? {
      workspaceId: row.workspace_id,
      customerId: row.customer_id,
      firstAt: row.occurred_at,
      churnedAt: null,
      reactivatedAt: null,
    };
    if (row.occurred_at < change.firstAt) change.firstAt = row.occurred_at;
    if (row.type === 'churned') change.churnedAt = later(change.churnedAt, row.occurred_at);
    if (row.type === 'signed_up' || row.type === 'subscription_started')
      change.reactivatedAt = later(change.reactivatedAt, row.occurred_at);
    lifecycle.set(key, change);
    if (row.type === 'purchase' && row.amount_minor !== null && row.currency) {
      const revenueKey = `${key}/${row.currency}`;
      const sum = revenue.get(revenueKey);
      if (sum) {
        sum.amountMinor += row.amount_minor;
        sum.purchases += 1;
        if (row.occurred_at < sum.firstAt) sum.firstAt = row.occurred_at;
        if (row.occurred_at > sum.lastAt) sum.lastAt = row.occurred_at;
      } else {
        revenue.set(revenueKey, {
          workspaceId: row.workspace_id,
          customerId: row.customer_id,
          currency: row.currency,
          amountMinor: row.amount_minor,
          purchases: 1,
          firstAt: row.occurred_at,
          lastAt: row.occurred_at,
        });
      }
    }
  }
  // Sorted, so concurrent groups update customers (and their revenue rows) in one order: no deadlock.
  return {
    lifecycle: [...lifecycle.entries()].sort(([a], [b]) => compareKeys(a, b)).map(([, change]) => change),
    revenue: [...revenue.entries()].sort(([a], [b]) => compareKeys(a, b)).map(([, change]) => change),
  };
}

export class EventService {
  private readonly writer: GroupCommit<EventUnit, UnitAnswer<EventBody>>;

  constructor(
    private readonly db: Db,
    settings: { maxWaitMs: number; maxItems: number },
  ) {
    this.writer = new GroupCommit({
      maxWaitMs: settings.maxWaitMs,
      maxWeight: settings.maxItems,
      concurrency: db.connections,
      weightOf: (unit) => unit.rows.length,
      write: (units) =>
        writeIdempotently<EventUnit, EventBody>(db, units, async (tx, fresh) => {
          const customers = await resolveCustomersOfUnits(
            tx,
            fresh,
            (pending: PendingEvent) => ({ ref: pending.input.customer, seenAt: pending.row.occurred_at }),
            (unit, index) => (unit.batch ? `events[${index}].customer` : 'customer'),
          );
          const written: store.EventRow[] = [];
          const outcomes = fresh.map((unit, unitIndex) => {
            const resolution = customers[unitIndex];
            if ('error' in resolution) return { error: resolution.error };
            unit.rows.forEach((pending, rowIndex) => {
              pending.row.customer_id = resolution.customers[rowIndex]?.id as string;
              written.push(pending.row);
            });
            const body: EventBody = unit.batch
              ? {
                  count: unit.rows.length,
                  results: unit.rows.map((p) => ({ id: p.row.id, customer_id: p.row.customer_id })),
                }
              : presentEvent(unit.rows[0].row);
            return { status: 201, body };
          });
          await store.insertEvents(tx, written);
          const summary = summariseEvents(written);
          await store.applyLifecycle(tx, summary.lifecycle);
          await store.addRevenue(tx, summary.revenue);
          return outcomes;
        }),
    });
  }

  async recordEvents(workspaceId: string, inputs: EventInput[], batch: boolean, idempotency?: Idempotency) {
    const now = new Date();
    const rows = inputs.map((input) => ({
      input,
      row: {
        workspace_id: workspaceId,
        id: newId(),
        customer_id: '',
        type: input.type,
        name: input.name ?? null,
        amount_minor: input.amount ?? null,
        currency: input.currency ?? null,
        properties: input.properties ?? null,
        occurred_at: input.occurred_at ? new Date(input.occurred_at) : now,
        received_at: now,
      },
    }));
    const answer = await this.writer.submit({ workspaceId, rows, idempotency, batch });
    if ('error' in answer) throw answer.error;
    return answer;
  }

  async getEvent(workspaceId: string, id: string) {
    const event = await store.findEvent(this.db, workspaceId, id);
    if (!event) throw new NotFound(`Event ${id}`);
    return event;
  }

  listEvents(
    workspaceId: string,
    query: { limit: number; cursor?: string; customer_id?: string; type?: string },
  ) {
    return store.listEvents(this.db, workspaceId, {
      limit: query.limit,
      before: decodeCursor(query.cursor),
      customerId: query.customer_id,
      type: query.type,
    });
  }

  drain(): Promise<void> {
    return this.writer.drain();
  }
}
