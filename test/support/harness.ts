// A Heed app on a fresh database for a test file: requests go through the whole HTTP stack
// (routing, authentication, validation, serialisation) with Fastify's inject, and can also listen on a port.
import { type Config, loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/connect.ts';
import { foldRollups } from '../../src/domains/metrics/rollups.ts';
import { buildApp, type HeedApp } from '../../src/http/app.ts';
import { openDatabase } from '../../src/server.ts';
import { createServices, type Services } from '../../src/services.ts';
import type { Backend } from './backends.ts';

export interface TestWorkspace {
  id: string;
  secretKey: string;
  publishableKey: string;
}

export interface ApiAnswer<Body = Record<string, unknown>> {
  status: number;
  body: Body;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface Harness {
  backend: Backend['name'];
  config: Config;
  db: Db;
  services: Services;
  app: HeedApp;
  createWorkspace: (name?: string) => Promise<TestWorkspace>;
  /** Creates a survey through the API (an NPS survey unless told otherwise) and returns its id. */
  createSurvey: (workspace: TestWorkspace, body?: Record<string, unknown>) => Promise<string>;
  /** One HTTP request through the full stack; the body is JSON-encoded unless it is a string or Buffer. */
  api: <Body = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    options?: { key?: string; body?: unknown; headers?: Record<string, string> },
  ) => Promise<ApiAnswer<Body>>;
  /** Folds every finished row into the rollups, as the background job does. */
  fold: () => Promise<number>;
  /** Analyses every finished comment and works every queued re-analysis run to its end, as the jobs do. */
  analyze: () => Promise<void>;
  close: () => Promise<void>;
}

export async function openHarness(
  backend: Backend,
  overrides: Partial<Record<keyof Config, string | number>> = {},
): Promise<Harness> {
  const database = await backend.create();
  const config = loadConfig(
    {},
    {
      dataDir: database.dataDir,
      databaseUrl: database.databaseUrl,
      logLevel: 'silent',
      port: 0,
      poolSize: 5,
      ...overrides,
    },
  );
  const db = await openDatabase(config);
  const services = createServices(db, config);
  const app = await buildApp(config, services);
  await app.ready();
  return {
    backend: backend.name,
    config,
    db,
    services,
    app,
    async createWorkspace(name = 'Test workspace') {
      const created = await services.workspaces.createWorkspace({ name });
      return {
        id: created.workspace.id,
        secretKey: created.secretKey.secret,
        publishableKey: created.publishableKey.secret,
      };
    },
    async createSurvey(workspace, body = { kind: 'nps', name: 'NPS' }) {
      const answer = await app.inject({
        method: 'POST',
        url: '/v1/surveys',
        headers: { authorization: `Bearer ${workspace.secretKey}` },
        payload: body,
      });
      if (answer.statusCode !== 201) throw new Error(`creating a survey failed: ${answer.body}`);
      return (JSON.parse(answer.body) as { id: string }).id;
    },
    async api(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.key) headers.authorization = `Bearer ${options.key}`;
      let payload: string | Buffer | undefined;
      if (options.body !== undefined) {
        payload =
          typeof options.body === 'string' || Buffer.isBuffer(options.body)
            ? options.body
            : JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await app.inject({ method, url: path, headers, payload });
      let body: unknown = response.body;
      try {
        body = response.body ? JSON.parse(response.body) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.statusCode, body: body as never, headers: response.headers };
    },
    fold: () => foldRollups(db),
    async analyze() {
      // The analyser reads what every transaction on the server has finished with. Suites running beside
      // this one on a shared PostgreSQL hold that horizon back now and then (transaction ids are server-wide),
      // so analyse until it has passed everything written so far, as the periodic job would a moment later.
      const [{ next }] = await db.query<{ next: number }>(
        'SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next',
      );
      for (let attempt = 0; attempt < 300; attempt++) {
        await services.text.analyzeNewComments();
        const [{ reached }] = await db.query<{ reached: number }>(
          "SELECT min(below_xid)::bigint AS reached FROM rollup_watermarks WHERE name IN ('text-responses', 'text-feedback')",
        );
        if (Number(reached) >= Number(next)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Each call advances the oldest pending run by one chunk; null when none is left.
      while ((await services.text.processRunChunk()) !== null) {}
    },
    async close() {
      await app.close();
      await services.responses.drain();
      await services.events.drain();
      await services.outreach.drain();
      await db.close();
      await database.drop();
    },
  };
}
