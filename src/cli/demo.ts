// Demo data: a workspace with realistic customers, responses and revenue, so every metric shows something true.
import type { EventInput } from '../domains/events/schema.ts';
import { maxEventBatchSize } from '../domains/events/schema.ts';
import { maxBatchSize, type ResponseInput } from '../domains/responses/schema.ts';
import type { Services } from '../services.ts';
import { type DemoEvent, type DemoSurveyKind, generateDemoData } from './demo-data.ts';

export interface DemoOptions {
  customers?: number;
  months?: number;
  seed?: number;
  now?: Date;
  onProgress?: (message: string) => void;
}

export interface DemoResult {
  created: boolean;
  workspaceId: string;
  secretKey: string;
  npsSurveyId: string;
  counts: { customers: number; responses: number; events: number };
}

export const demoWorkspaceName = 'Heed demo';

/** Batches in flight at once: enough to keep group commit's transactions full on either backend. */
const concurrency = 4;

export async function seedDemoWorkspace(services: Services, options: DemoOptions = {}): Promise<DemoResult> {
  const progress = options.onProgress ?? (() => undefined);
  const [existing] = await services.db.query<{ id: string }>(
    'SELECT id FROM workspaces WHERE name = $1 ORDER BY created_at, id LIMIT 1',
    [demoWorkspaceName],
  );
  if (existing) {
    // Seeding again would double every metric: hand out a fresh key to the demo that is there instead.
    const key = await services.workspaces.createKey(existing.id, 'secret', 'Demo admin key');
    progress(`"${demoWorkspaceName}" is already there: made a new admin key for it`);
    const [survey] = await services.db.query<{ id: string }>(
      `SELECT id FROM surveys WHERE workspace_id = $1 AND kind = 'nps' ORDER BY created_at, id LIMIT 1`,
      [existing.id],
    );
    return {
      created: false,
      workspaceId: existing.id,
      secretKey: key.secret,
      npsSurveyId: survey?.id ?? '',
      counts: await countRows(services, existing.id),
    };
  }

  const started = performance.now();
  const data = generateDemoData({
    customers: options.customers ?? 2000,
    months: options.months ?? 18,
    seed: options.seed ?? 42,
    now: options.now ?? new Date(),
  });
  const { workspace, secretKey } = await services.workspaces.createWorkspace({ name: demoWorkspaceName });
  const workspaceId = workspace.id;
  const surveys: Record<DemoSurveyKind, string> = {
    nps: (
      await services.surveys.createSurvey(workspaceId, {
        kind: 'nps',
        name: 'Relationship NPS',
        product_name: 'Acme',
        language: 'en',
        questions: [],
      })
    ).id,
    csat: (
      await services.surveys.createSurvey(workspaceId, {
        kind: 'csat',
        name: 'Support satisfaction',
        question: 'How satisfied are you with the help you got from Acme support?',
        scale: '1-5',
        language: 'en',
        questions: [],
      })
    ).id,
    ces: (
      await services.surveys.createSurvey(workspaceId, {
        kind: 'ces',
        name: 'Checkout effort',
        question: 'Acme made it easy to buy and manage my subscription.',
        language: 'en',
        questions: [],
      })
    ).id,
  };

  await inParallel(
    data.accounts.map(
      (account) => () =>
        services.customers.upsertAccount(workspaceId, {
          external_id: account.externalId,
          name: account.name,
          plan: account.plan,
          owner: account.owner,
          traits: account.traits,
        }),
    ),
    // One small transaction each: on PostgreSQL, use every connection.
    Math.max(concurrency, services.db.connections),
  );
  progress(`accounts ${data.accounts.length}`);

  // signed_up creates each customer, with segment and traits, and starts them at their sign-up time.
  const byExternalId = new Map(data.customers.map((customer) => [customer.externalId, customer]));
  const eventInput = (event: DemoEvent): EventInput => {
    const customer = byExternalId.get(event.customer);
    return {
      type: event.type,
      customer:
        event.type === 'signed_up' && customer
          ? {
              external_id: customer.externalId,
              email: customer.email,
              name: customer.name,
              segment: customer.segment,
              traits: customer.traits,
            }
          : { external_id: event.customer },
      ...(event.amount === undefined ? {} : { amount: event.amount, currency: 'USD' }),
      properties: event.properties,
      occurred_at: event.occurredAt.toISOString(),
    };
  };
  const signups = data.events.filter((event) => event.type === 'signed_up');
  await inParallel(
    chunks(signups, maxEventBatchSize).map(
      (batch) => () => services.events.recordEvents(workspaceId, batch.map(eventInput), true),
    ),
  );
  // The services link a customer to an account one transaction at a time (upsertCustomer); one statement
  // does all of them, before any response is written, so responses carry their account.
  const members = data.customers.filter((customer) => customer.accountExternalId !== null);
  await services.db.query(
    `UPDATE customers c SET account_id = a.id, updated_at = now()
     FROM unnest($2::text[], $3::text[]) AS l(customer_external_id, account_external_id)
     JOIN accounts a ON a.workspace_id = $1 AND a.external_id = l.account_external_id
     WHERE c.workspace_id = $1 AND c.external_id = l.customer_external_id`,
    [workspaceId, members.map((c) => c.externalId), members.map((c) => c.accountExternalId)],
  );
  progress(`customers ${data.customers.length}`);

  // Each batch holds whole customers, so concurrent batches never update the same customer or revenue row
  // (on PostgreSQL, two transactions doing that in different orders could deadlock).
  const otherEvents = data.events.filter((event) => event.type !== 'signed_up');
  const eventBatches = batchesByCustomer(otherEvents, maxEventBatchSize);
  const responseBatches = chunks(data.responses, maxBatchSize);
  const totals = { responses: data.responses.length, events: data.events.length };
  const done = { responses: 0, events: signups.length };
  const reportEvery = 10_000;
  const report = (kind: 'responses' | 'events', added: number) => {
    const before = done[kind];
    done[kind] += added;
    if (
      Math.floor(done[kind] / reportEvery) > Math.floor(before / reportEvery) ||
      done[kind] === totals[kind]
    )
      progress(`${kind} ${done[kind]}/${totals[kind]}`);
  };
  const tasks: Array<() => Promise<unknown>> = [];
  for (let index = 0; index < Math.max(eventBatches.length, responseBatches.length); index++) {
    const responses = responseBatches[index];
    if (responses)
      tasks.push(async () => {
        const inputs = responses.map(
          (response): ResponseInput => ({
            survey_id: surveys[response.kind],
            score: response.score,
            comment: response.comment,
            channel: response.channel,
            customer: { external_id: response.customer },
            submitted_at: response.submittedAt.toISOString(),
          }),
        );
        await services.responses.recordResponseBatch(workspaceId, inputs);
        report('responses', inputs.length);
      });
    const events = eventBatches[index];
    if (events)
      tasks.push(async () => {
        await services.events.recordEvents(workspaceId, events.map(eventInput), true);
        report('events', events.length);
      });
  }
  await inParallel(tasks);
  // Read every comment and find the themes now, so the demo shows them at once rather than after the
  // periodic discovery.
  const analysed = await services.text.analyzeNewComments();
  await services.text.queueRun(workspaceId, 'retheme', 'demo data');
  while ((await services.text.processRunChunk()) !== null) {}
  progress(`comments analysed ${analysed}`);
  progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  return {
    created: true,
    workspaceId,
    secretKey: secretKey.secret,
    npsSurveyId: surveys.nps,
    counts: {
      customers: data.customers.length,
      responses: data.responses.length,
      events: data.events.length,
    },
  };
}

async function countRows(services: Services, workspaceId: string): Promise<DemoResult['counts']> {
  const [counts] = await services.db.query<DemoResult['counts']>(
    `SELECT (SELECT count(*) FROM customers WHERE workspace_id = $1) AS customers,
            (SELECT count(*) FROM responses WHERE workspace_id = $1) AS responses,
            (SELECT count(*) FROM events WHERE workspace_id = $1) AS events`,
    [workspaceId],
  );
  return counts;
}

/** Runs the tasks, a few at a time; stops starting new ones after a failure and rethrows it. */
async function inParallel(tasks: Array<() => Promise<unknown>>, limit = concurrency): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < tasks.length && !failure) {
      const task = tasks[next++];
      try {
        await task();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (failure) throw failure.error;
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** Packs events into batches of at most `size`, never splitting one customer's events across batches. */
function batchesByCustomer(events: DemoEvent[], size: number): DemoEvent[][] {
  const byCustomer = new Map<string, DemoEvent[]>();
  for (const event of events) {
    const list = byCustomer.get(event.customer);
    if (list) list.push(event);
    else byCustomer.set(event.customer, [event]);
  }
  const batches: DemoEvent[][] = [];
  let current: DemoEvent[] = [];
  for (const list of byCustomer.values()) {
    if (current.length > 0 && current.length + list.length > size) {
      batches.push(current);
      current = [];
    }
    current.push(...list);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
