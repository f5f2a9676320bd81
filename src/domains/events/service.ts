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
import { type BatchAnswer, SourceIdLedger, sourceItemId } from '../../shared/source-ids.ts';
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
type EventBody = (PresentedEvent & { duplicate?: true }) | BatchAnswer;

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
          // An event whose source id is stored already resolves no customer and writes nothing; lifecycle and
          // revenue follow only the rows the insert created, so a purchase sent twice is counted once.
          // A batch answers with ids, so it reads only the keys of its stored copies; a single event answers
          // with the whole stored event. Singles are read last: a whole row replaces a key.
          type Head = Awaited<ReturnType<typeof store.findEventHeadsByIds>>[number];
          const sources = new SourceIdLedger<store.EventRow, store.EventRow | Head>();
          const rowsOf = (batch: boolean) =>
            fresh
              .filter((unit) => unit.batch === batch)
              .flatMap((unit) => unit.rows.map((pending) => pending.row));
          await sources.lookUp(rowsOf(true), (keys) => store.findEventHeadsByIds(tx, keys));
          await sources.lookUp(rowsOf(false), (keys) => store.findEventsByIds(tx, keys));
          const customers = await resolveCustomersOfUnits(
            tx,
            fresh,
            (pending: PendingEvent) => ({
              ref: sources.isStored(pending.row) ? undefined : pending.input.customer,
              seenAt: pending.row.occurred_at,
            }),
            (unit, index) => (unit.batch ? `events[${index}].customer` : 'customer'),
          );
          const written: store.EventRow[] = [];
          fresh.forEach((unit, unitIndex) => {
            const resolution = customers[unitIndex];
            if ('error' in resolution) return;
            unit.rows.forEach((pending, rowIndex) => {
              if (sources.isStored(pending.row)) return;
              pending.row.customer_id = resolution.customers[rowIndex]?.id as string;
              written.push(pending.row);
            });
          });
          const created = sources.settle(written, await store.insertEvents(tx, written));
          const summary = summariseEvents(created);
          await store.applyLifecycle(tx, summary.lifecycle);
          await store.addRevenue(tx, summary.revenue);
          return fresh.map((unit, unitIndex) => {
            const resolution = customers[unitIndex];
            if ('error' in resolution) return { error: resolution.error };
            return sources.answerOf(
              unit.rows.map((pending) => pending.row),
              unit.batch,
              presentEvent,
            );
          });
        }),
    });
  }

  async recordEvents(workspaceId: string, inputs: EventInput[], batch: boolean, idempotency?: Idempotency) {
    const now = new Date();
    const rows = inputs.map((input) => ({
      input,
      row: {
        workspace_id: workspaceId,
        id: input.source_id ? sourceItemId(workspaceId, 'event', input.source_id) : newId(),
        customer_id: '',
        type: input.type,
        name: input.name ?? null,
        amount_minor: input.amount ?? null,
        currency: input.currency ?? null,
        properties: input.properties ?? null,
        occurred_at: input.occurred_at ? new Date(input.occurred_at) : now,
        received_at: now,
        source_id: input.source_id ?? null,
      },
    }));
    const answer = await this.writer.submit({ workspaceId, rows, idempotency, batch });
    if ('error' in answer) throw answer.error;
    return answer;
  }

  /** Which of these source ids are stored already, without writing (an import's dry run). */
  async storedSourceIds(workspaceId: string, sourceIds: string[]) {
    const keys = sourceIds.map((source) => ({ workspaceId, id: sourceItemId(workspaceId, 'event', source) }));
    return new Set((await store.findEventHeadsByIds(this.db, keys)).map((row) => row.source_id));
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
