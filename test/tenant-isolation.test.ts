// Workspace B aims every route the OpenAPI document lists at workspace A's ids: it must get nothing of A's,
// learn nothing (A's id answers exactly like an id from nowhere), and change nothing in A.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidToBase64Url } from '../src/shared/ids.ts';
import { backends } from './support/backends.ts';
import { type ApiAnswer, type Harness, openHarness } from './support/harness.ts';
import { type Body, validBodies } from './support/request-bodies.ts';
import {
  type ApiOperation,
  apiOperations,
  collectionOf,
  fillPath,
  type HttpMethod,
  operationName,
} from './support/route-catalog.ts';
import { instanceOf, type Path, uuidPaths, withValueAt } from './support/schema-walk.ts';
import {
  identifiersOf,
  idsByCollection,
  type SeededWorkspace,
  seedWorkspace,
} from './support/seed-workspace.ts';
import { type TableState, tenantTables, workspaceRows } from './support/workspace-rows.ts';

const seed = 20_260_201;

/** One request of B's aimed at one of A's ids, and the same request aimed at an id that exists nowhere. */
interface Probe {
  label: string;
  method: HttpMethod;
  /** Builds the URL and body around an id. */
  build: (id: string) => { url: string; body?: Body };
  /** Where the id sits: a filter may answer 200 with nothing, a path or body reference must be refused. */
  slot: 'path' | 'query' | 'body';
}

const jsonOf = (answer: ApiAnswer<unknown>) => JSON.stringify(answer.body);

/** An answer with the probed id and the request id masked, so two answers compare exactly. */
function masked(answer: ApiAnswer<unknown>, id: string) {
  const text = jsonOf(answer).split(id).join('<id>');
  const body = JSON.parse(text) as Record<string, unknown> | null;
  if (body && typeof body === 'object' && 'requestId' in body) body.requestId = '<request>';
  return { status: answer.status, body };
}

describe.each(backends)('tenant isolation on $name', (backend) => {
  let h: Harness;
  let a: SeededWorkspace;
  let b: SeededWorkspace;
  let operations: ApiOperation[];
  let tables: string[];
  const rowsOfA = (): Promise<Record<string, TableState>> => workspaceRows(h.db, a.id, tables);

  beforeAll(async () => {
    // An SMTP address is configured so e-mail requests get past it to their ids; nothing is ever sent.
    h = await openHarness(backend, { smtpUrl: 'smtp://127.0.0.1:9' });
    a = await seedWorkspace(h, 'Alpha');
    b = await seedWorkspace(h, 'Bravo');
    operations = await apiOperations(h);
    tables = await tenantTables(h.db);
  });
  afterAll(() => h.close());

  /** Every way B can name one of A's ids in a request: path parameters, uuid query filters, body references. */
  function probesOf(operation: ApiOperation): Probe[] {
    const name = operationName(operation);
    const probes: Probe[] = [];
    const ownIds = idsByCollection(b);
    const ownPath = Object.fromEntries(
      operation.pathParams.map((param) => [
        param,
        ownIds[collectionOf(operation.path, param)] ?? randomUUID(),
      ]),
    );
    // A body B could send in its own workspace: path probes carry it too, so only the id can be wrong.
    const [base] = !operation.body
      ? [undefined]
      : validBodies[name]
        ? fc.sample(validBodies[name](b), { seed, numRuns: 1 })
        : [instanceOf(operation.body) as Body];
    for (const param of operation.pathParams) {
      probes.push({
        label: `${name} with {${param}}`,
        method: operation.method,
        slot: 'path',
        build: (id) => ({ url: fillPath(operation.path, { ...ownPath, [param]: id }), body: base }),
      });
    }
    for (const query of operation.query.filter((q) => q.schema.format === 'uuid')) {
      probes.push({
        label: `${name}?${query.name}`,
        method: operation.method,
        slot: 'query',
        build: (id) => ({ url: `${fillPath(operation.path, ownPath)}?${query.name}=${id}` }),
      });
    }
    if (operation.body && base) {
      // The same body with one reference changed to A's id.
      for (const path of uuidPaths(operation.body)) {
        probes.push({
          label: `${name} with ${path.join('.')}`,
          method: operation.method,
          slot: 'body',
          build: (id) => ({ url: fillPath(operation.path, ownPath), body: referenceAt(base, path, id) }),
        });
      }
    }
    return probes;
  }

  /** A body naming the id at the path; a customer named by id carries nothing else that could name them. */
  function referenceAt(base: Body, path: Path, id: string): Body {
    const body = withValueAt(base, path, id);
    if (path[path.length - 1] === 'id' && path[path.length - 2] === 'customer') {
      return withValueAt(body, path.slice(0, -1), { id });
    }
    return body;
  }

  const uuidsOfA = () => identifiersOf(a).filter((value) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(value));

  it('finds a way to name an id in every route that takes one', () => {
    const probed = new Set(operations.flatMap((op) => probesOf(op).map((probe) => probe.label)));
    expect([...probed]).toEqual(
      expect.arrayContaining([
        'GET /v1/customers/{id} with {id}',
        'DELETE /v1/keys/{id} with {id}',
        'POST /v1/surveys/{id}/archive with {id}',
        'GET /v1/responses?survey_id',
        'GET /v1/metrics/nps?account_id',
        'POST /v1/responses with survey_id',
        'POST /v1/responses with customer.id',
        'POST /v1/responses/batch with responses.0.customer.id',
        'POST /v1/events/batch with events.0.customer.id',
        'POST /v1/feedback with customer.id',
      ]),
    );
  });

  it("answers B's requests for every one of A's ids exactly as for an id from nowhere, and changes nothing in A", async () => {
    const before = await rowsOfA();
    const secrets = identifiersOf(a);
    const problems: string[] = [];
    for (const operation of operations) {
      for (const probe of probesOf(operation)) {
        for (const [keyName, key] of [
          ['secret', b.secretKey],
          ['publishable', b.publishableKey],
        ] as const) {
          for (const id of uuidsOfA()) {
            const aimed = probe.build(id);
            const answer = await h.api(probe.method, aimed.url, { key, body: aimed.body });
            const nowhere = randomUUID();
            const twin = probe.build(nowhere);
            const control = await h.api(probe.method, twin.url, { key, body: twin.body });
            const where = `${probe.label} (${keyName} key, A's ${id})`;
            // A webhook takes no API key: B's key is refused as it would be for any workspace.
            const allowed = !operation.apiKey
              ? [401]
              : probe.slot === 'query'
                ? [200, 400, 403, 404]
                : [403, 404];
            if (!allowed.includes(answer.status))
              problems.push(`${where}: status ${answer.status} ${jsonOf(answer)}`);
            const leaked = secrets.filter((secret) => secret !== id && jsonOf(answer).includes(secret));
            if (leaked.length > 0) problems.push(`${where}: answer holds A's ${leaked.join(', ')}`);
            if (JSON.stringify(masked(answer, id)) !== JSON.stringify(masked(control, nowhere)))
              problems.push(
                `${where}: answers unlike an unknown id: ${jsonOf(answer)} vs ${jsonOf(control)}`,
              );
          }
        }
      }
      const after = await rowsOfA();
      if (JSON.stringify(after) !== JSON.stringify(before))
        problems.push(`${operationName(operation)} changed A's rows`);
    }
    expect(problems).toEqual([]);
    expect(await rowsOfA()).toEqual(before);
  });

  it("never shows B any of A's ids, emails, external ids or texts on any read", async () => {
    const secrets = identifiersOf(a);
    for (const operation of operations.filter((op) => op.method === 'GET' && op.pathParams.length === 0)) {
      const answer = await h.api('GET', operation.path, { key: b.secretKey });
      expect(answer.status, operation.path).toBe(200);
      expect(
        secrets.filter((secret) => jsonOf(answer).includes(secret)),
        operation.path,
      ).toEqual([]);
    }
  });

  it('refuses a publishable key on every read route with 403', async () => {
    // Routes that take no key at all (an invitation link's description) have no key to refuse.
    for (const operation of operations.filter((op) => op.method === 'GET' && op.apiKey)) {
      const url = fillPath(
        operation.path,
        Object.fromEntries(operation.pathParams.map((p) => [p, b.customer.id])),
      );
      const answer = await h.api<{ status: number; code: string }>('GET', url, { key: b.publishableKey });
      expect({ route: operation.path, status: answer.status, code: answer.body.code }).toEqual({
        route: operation.path,
        status: 403,
        code: 'forbidden',
      });
    }
  });

  it('refuses a revoked key with 401 on reads and writes', async () => {
    const created = await h.api<{ id: string; key: string }>('POST', '/v1/keys', {
      key: b.secretKey,
      body: { kind: 'secret', name: 'Soon revoked' },
    });
    expect(created.status).toBe(201);
    expect((await h.api('GET', '/v1/workspace', { key: created.body.key })).status).toBe(200);
    const revoked = await h.api<{ revoked_at: string | null }>('DELETE', `/v1/keys/${created.body.id}`, {
      key: b.secretKey,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).toEqual(expect.any(String));
    const read = await h.api<{ code: string }>('GET', '/v1/workspace', { key: created.body.key });
    const write = await h.api<{ code: string }>('POST', '/v1/feedback', {
      key: created.body.key,
      body: { text: 'From a revoked key' },
    });
    expect([read.status, read.body.code, write.status, write.body.code]).toEqual([
      401,
      'unauthenticated',
      401,
      'unauthenticated',
    ]);
  });

  it("refuses B's secret key relabelled with A's workspace id", async () => {
    const forged = b.secretKey.replace(uuidToBase64Url(b.id), uuidToBase64Url(a.id));
    expect(forged).not.toBe(b.secretKey);
    const answer = await h.api<{ code: string }>('GET', '/v1/workspace', { key: forged });
    expect([answer.status, answer.body.code]).toEqual([401, 'unauthenticated']);
  });

  it("lets B neither revoke A's key nor stop it working", async () => {
    const before = await rowsOfA();
    const answer = await h.api('DELETE', `/v1/keys/${a.keyIds.secret}`, { key: b.secretKey });
    expect(answer.status).toBe(404);
    const stillWorks = await h.api<{ id: string }>('GET', '/v1/workspace', { key: a.secretKey });
    expect([stillWorks.status, stillWorks.body.id]).toEqual([200, a.id]);
    expect(await rowsOfA()).toEqual(before);
  });

  it('gives B a customer of its own for an external id and email A already uses', async () => {
    const before = await rowsOfA();
    const answer = await h.api<{ customer_id: string }>('POST', '/v1/responses', {
      key: b.publishableKey,
      body: {
        survey_id: b.surveys.nps,
        score: 7,
        customer: { external_id: a.customer.externalId, email: a.customer.email, traits: { from: 'Bravo' } },
      },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.customer_id).not.toBe(a.customer.id);
    const inB = await h.api<{ id: string; external_id: string }>(
      'GET',
      `/v1/customers/${answer.body.customer_id}`,
      {
        key: b.secretKey,
      },
    );
    expect([inB.status, inB.body.external_id]).toEqual([200, a.customer.externalId]);
    const inA = await h.api<{ traits: Record<string, unknown> }>('GET', `/v1/customers/${a.customer.id}`, {
      key: a.secretKey,
    });
    expect(inA.body.traits).toEqual({ favourite: 'Alpha-trait-value' });
    expect(await rowsOfA()).toEqual(before);
  });

  it("writes into the key's workspace whatever workspace_id a body names", async () => {
    const before = await rowsOfA();
    const answer = await h.api<{ id: string }>('POST', '/v1/feedback', {
      key: b.publishableKey,
      body: { workspace_id: a.id, text: 'Which workspace am I in?' },
    });
    expect(answer.status).toBe(201);
    expect((await h.api('GET', `/v1/feedback/${answer.body.id}`, { key: b.secretKey })).status).toBe(200);
    expect((await h.api('GET', `/v1/feedback/${answer.body.id}`, { key: a.secretKey })).status).toBe(404);
    expect(await rowsOfA()).toEqual(before);
  });
});
