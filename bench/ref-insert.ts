// Child process: a bare Fastify route doing one INSERT per request through Heed's own connect().
import Fastify from 'fastify';
import { connect } from '../src/db/connect.ts';
import { newId } from '../src/shared/ids.ts';
import { referenceTableDdl } from './fixtures.ts';
import { sendToParent } from './util.ts';

interface Body {
  survey_id: string;
  score?: number;
  comment?: string;
  channel?: string;
  customer?: { segment?: string };
}

const workspaceId = '00000000-0000-4000-8000-000000000001';
const databaseUrl = process.env.BENCH_REF_DATABASE_URL || undefined;
const db = await connect({
  databaseUrl,
  dataDir: process.env.BENCH_REF_DATA_DIR ?? 'memory://',
  poolSize: 10,
});
for (const statement of referenceTableDdl) await db.query(statement);

const app = Fastify({ logger: false });
app.post<{ Body: Body }>('/insert', async (request, reply) => {
  const body = request.body;
  const id = newId();
  await db.query(
    `INSERT INTO bench_responses (workspace_id, id, survey_id, segment, channel, score, comment, submitted_at, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now(), now())`,
    [
      workspaceId,
      id,
      body.survey_id,
      body.customer?.segment ?? null,
      body.channel ?? 'api',
      body.score ?? null,
      body.comment ?? null,
    ],
  );
  return reply.status(201).send({ id });
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => db.close())
    .then(() => process.exit(0));
});
sendToParent({ ready: { url: `http://127.0.0.1:${port}`, pid: process.pid, backend: db.backend } });
