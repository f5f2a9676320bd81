// The API shape of an event; services store it as the idempotent answer, routes send it.
import type { EventRow } from './store.ts';

export function presentEvent(row: EventRow) {
  return {
    id: row.id,
    type: row.type as
      | 'signed_up'
      | 'purchase'
      | 'subscription_started'
      | 'subscription_cancelled'
      | 'churned'
      | 'custom',
    name: row.name,
    customer_id: row.customer_id,
    amount: row.amount_minor,
    currency: row.currency?.trim() ?? null,
    properties: row.properties,
    occurred_at: row.occurred_at.toISOString(),
    received_at: row.received_at.toISOString(),
    source_id: row.source_id,
  };
}
export type PresentedEvent = ReturnType<typeof presentEvent>;
