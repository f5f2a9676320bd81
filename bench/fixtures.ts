// The data the benchmarks send and load: seeded responses, request bodies, the reference table, a workspace.
import type { Config } from '../src/config.ts';
import type { Db } from '../src/db/connect.ts';
import { openDatabase } from '../src/server.ts';
import { createServices } from '../src/services.ts';
import { mulberry32 } from '../src/shared/random.ts';

export const customerPool = 10_000;
export const segments = ['enterprise', 'mid-market', 'smb', 'self-serve'] as const;
export const channels = ['web', 'email', 'in_app', 'api'] as const;
const comments = [
  'Fast and friendly support, thank you',
  'The export keeps timing out on large reports',
  'Love the new dashboard',
  'Pricing is confusing for our team',
  'Onboarding took longer than promised',
  'Great product, would recommend to a colleague',
];

/** A seeded PRNG, so the load generator and the COPY reference produce the same rows. */
export const seededRandom = mulberry32;

export interface GeneratedResponse {
  customer: number;
  segment: string;
  channel: string;
  score: number;
  comment: string | undefined;
}

export function nextResponse(random: () => number): GeneratedResponse {
  const customer = Math.floor(random() * customerPool);
  // Scores lean positive, as real NPS answers do.
  const roll = random();
  const score =
    roll < 0.45
      ? 9 + Math.floor(random() * 2)
      : roll < 0.75
        ? 7 + Math.floor(random() * 2)
        : Math.floor(random() * 7);
  return {
    customer,
    segment: segments[customer % segments.length],
    channel: channels[Math.floor(random() * channels.length)],
    score,
    comment: random() < 0.4 ? comments[Math.floor(random() * comments.length)] : undefined,
  };
}

/** The pool's customers are `cust-0` … `cust-9999`; another prefix names a pool Heed has not seen. */
export const defaultCustomerPrefix = 'cust-';

/** The body of POST /v1/responses (and of the bare insert reference). */
export function responseBody(surveyId: string, response: GeneratedResponse, prefix = defaultCustomerPrefix) {
  return {
    survey_id: surveyId,
    score: response.score,
    ...(response.comment ? { comment: response.comment } : {}),
    channel: response.channel,
    customer: { external_id: `${prefix}${response.customer}`, segment: response.segment },
  };
}

export function batchBody(
  surveyId: string,
  random: () => number,
  size: number,
  prefix = defaultCustomerPrefix,
): string {
  const responses = Array.from({ length: size }, () => responseBody(surveyId, nextResponse(random), prefix));
  return JSON.stringify({ responses });
}

/** Every customer of the pool, `size` per batch body, so a run can start with all of them known. */
export function poolBatches(surveyId: string, size: number): string[] {
  const bodies: string[] = [];
  for (let start = 0; start < customerPool; start += size) {
    const responses = [];
    for (let customer = start; customer < Math.min(customerPool, start + size); customer++) {
      const segment = segments[customer % segments.length];
      responses.push(
        responseBody(surveyId, { customer, segment, channel: 'api', score: 9, comment: undefined }),
      );
    }
    bodies.push(JSON.stringify({ responses }));
  }
  return bodies;
}

/** A table shaped like `responses` (same columns, primary key and indexes, no foreign keys): the references write here. */
export const referenceTableDdl = [
  `CREATE TABLE IF NOT EXISTS bench_responses (
     workspace_id uuid NOT NULL, id uuid NOT NULL, survey_id uuid NOT NULL, customer_id uuid, account_id uuid,
     segment text, channel text NOT NULL, score smallint, comment text, answers jsonb, metadata jsonb,
     submitted_at timestamptz NOT NULL, received_at timestamptz NOT NULL DEFAULT now(),
     ingest_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
     PRIMARY KEY (workspace_id, id))`,
  'CREATE INDEX IF NOT EXISTS bench_responses_ingest_xid ON bench_responses (ingest_xid)',
  'CREATE INDEX IF NOT EXISTS bench_responses_customer ON bench_responses (workspace_id, customer_id, submitted_at)',
];

export const referenceCopyColumns =
  'workspace_id, id, survey_id, customer_id, segment, channel, score, comment, submitted_at, received_at';

export interface Workspace {
  workspaceId: string;
  key: string;
  npsSurveyId: string;
  csatSurveyId: string;
  cesSurveyId: string;
  serverVersion: string;
}

/** Creates a workspace with NPS, CSAT and CES surveys through the services; `then` may load more while open. */
export async function setUpWorkspace(
  config: Config,
  then?: (db: Db, workspace: Workspace) => Promise<void>,
): Promise<Workspace> {
  const db = await openDatabase(config);
  try {
    const services = createServices(db, config);
    const created = await services.workspaces.createWorkspace({ name: 'Benchmark workspace' });
    const workspaceId = created.workspace.id;
    const survey = (kind: 'nps' | 'csat' | 'ces') =>
      services.surveys.createSurvey(workspaceId, {
        kind,
        name: `${kind} survey`,
        language: 'en',
        questions: [],
      });
    const workspace: Workspace = {
      workspaceId,
      key: created.secretKey.secret,
      npsSurveyId: (await survey('nps')).id,
      csatSurveyId: (await survey('csat')).id,
      cesSurveyId: (await survey('ces')).id,
      serverVersion: (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0].v,
    };
    if (then) await then(db, workspace);
    return workspace;
  } finally {
    await db.close();
  }
}
