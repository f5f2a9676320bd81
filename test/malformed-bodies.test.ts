// Thousands of malformed requests at every write route the OpenAPI document lists: each must be refused with
// a 4xx problem+json (never a 5xx), and none may leave a trace in the workspace.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/backends.ts';
import { type Harness, openHarness } from './support/harness.ts';
import { type Body, refusedBodies, validBodies } from './support/request-bodies.ts';
import {
  type ApiOperation,
  apiOperations,
  collectionOf,
  fillPath,
  type HttpMethod,
  type JsonSchema,
  operationName,
  typesOf,
} from './support/route-catalog.ts';
import {
  admits,
  branchFor,
  instanceOf,
  isObject,
  isRecordSchema,
  locationsIn,
  type Path,
} from './support/schema-walk.ts';
import { idsByCollection, type SeededWorkspace, seedWorkspace } from './support/seed-workspace.ts';
import { tenantTables, workspaceRows } from './support/workspace-rows.ts';

const seed = 20_260_131;
const runsPerWriteRoute = 300;
const runsPerReadRoute = 40;
const bodyLimit = 65_536;

/** What goes where a field's value belongs; big and deep values are built only when the request is sent. */
type Injection =
  | { value: unknown }
  | { raw: string }
  | { nested: 'array' | 'object'; depth: number }
  | { repeat: string; times: number }
  | { bigRecord: number };

type KeyChoice = 'secret' | 'publishable' | 'none' | 'malformed' | 'unknown' | 'revoked';

/** One malformed request, described compactly so a failing case prints readably. */
interface Recipe {
  fault: string;
  body?: Body;
  /** How the body is spoiled; applied to `body` when the request is built. */
  spoil?:
    | { at: Path; put: Injection }
    | { drop: Path }
    | { protoAt: Path; key: '__proto__' | 'constructor' }
    | { extras: Record<string, unknown> };
  /** Replaces the JSON text entirely (a Buffer for invalid UTF-8). */
  text?:
    | string
    | { bytes: 'invalid-utf8'; at: number; sequence: number[] }
    | { megabyte: true }
    | { nested: 'array'; depth: number }
    | null;
  contentType: string | null;
  params: Record<string, string>;
  key: KeyChoice;
  idempotencyKey?: string;
}

interface Fixture {
  h: Harness;
  ws: SeededWorkspace;
  revokedKey: string;
  tables: string[];
}

/** Objects in a body (the body itself included) where a key could be planted. */
function objectPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => objectPaths(item, [...path, index]));
  if (!isObject(value)) return [];
  return [path, ...Object.entries(value).flatMap(([name, child]) => objectPaths(child, [...path, name]))];
}

/** Values that break a schema for certain: wrong types, out-of-range numbers, over-long or unstorable text. */
function violationsOf(schema: JsonSchema): Injection[] {
  const types = typesOf(schema);
  if (types.size === 0) return []; // accepts any JSON value
  const found: Injection[] = [];
  const wrongTypes = [
    'text',
    'NaN',
    'Infinity',
    '-1e309',
    '0x1F',
    '',
    42,
    -1,
    4.5,
    true,
    null,
    [],
    [1],
    {},
    { a: 1 },
  ];
  for (const value of wrongTypes) if (!admits(schema, value)) found.push({ value });
  // 1e309 parses to Infinity, which is no valid value of any type.
  found.push({ raw: '1e309' }, { raw: '-1e400' });
  if (!admits(schema, [])) found.push({ nested: 'array', depth: 10_000 });
  if (!admits(schema, {}) || isRecordSchema(schema)) found.push({ nested: 'object', depth: 10_000 });
  // Deeper than a free-form object may nest, yet shallow enough to pass the parser.
  if (isRecordSchema(schema)) found.push({ nested: 'object', depth: 12 });
  if (isRecordSchema(schema)) {
    // Free-form objects are stored as jsonb: bounded in size, and holding only text PostgreSQL can store.
    found.push(
      { bigRecord: 40_000 },
      { value: { 'nul\u0000key': 1 } },
      { value: { note: 'nul\u0000value' } },
      { value: { note: 'lone \ud800 surrogate' } },
      { value: { '\udc00': 'lone surrogate key' } },
      { value: { list: ['ok', 'end\ud83d'] } },
    );
  }
  if (types.has('object') && (schema.required?.length ?? 0) > 0) found.push({ value: {} });
  const text = branchFor(schema, 'text');
  if (types.has('string')) {
    if (text.maxLength !== undefined) found.push({ repeat: 'x', times: text.maxLength + 1 });
    if ((text.minLength ?? 0) > 0) found.push({ value: '' });
    if (text.enum)
      found.push({ value: 'not-an-option' }, { value: `${String(text.enum[0]).toUpperCase()}!` });
    if (text.pattern) {
      const pattern = new RegExp(text.pattern);
      const misfits = [
        '',
        ' ',
        'x',
        'not valid!',
        '2026-13-45T25:61:00Z',
        'zz@',
        '12345678-1234-1234-1234-1234567890',
      ];
      for (const value of misfits) if (!pattern.test(value)) found.push({ value });
    }
    // Text a database cannot hold faithfully is refused in every field: NUL, unpaired surrogates.
    found.push({ value: 'ab\u0000cd' }, { value: 'ab\ud800cd' }, { value: '\udfff' }, { value: 'end\ud83d' });
    found.push({ repeat: 'x', times: 1 << 20 });
  }
  const number = branchFor(schema, 1.5);
  if (types.has('integer') || types.has('number')) {
    const integer = !types.has('number');
    if (number.minimum !== undefined) found.push({ value: number.minimum - (integer ? 1 : 0.001) });
    if (number.maximum !== undefined)
      found.push(
        { value: number.maximum + (integer ? 1 : 0.001) },
        { value: 1e300 },
        { raw: '99999999999999999999' },
      );
    if (number.exclusiveMinimum !== undefined) found.push({ value: number.exclusiveMinimum });
    if (number.exclusiveMaximum !== undefined) found.push({ value: number.exclusiveMaximum });
    if (integer) found.push({ value: (number.minimum ?? 0) + 0.5 });
  }
  const list = branchFor(schema, []);
  if (types.has('array')) {
    if ((list.minItems ?? 0) > 0) found.push({ value: [] });
    if (list.maxItems !== undefined) found.push({ value: new Array(list.maxItems + 1).fill(null) });
  }
  if (schema.format === 'uuid' || text.format === 'uuid') {
    // Valid-looking ids of nothing in this workspace.
    found.push(
      { value: '00000000-0000-0000-0000-000000000000' },
      { value: 'ffffffff-ffff-ffff-ffff-ffffffffffff' },
    );
  }
  return found;
}

const notJson = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '{"a":}',
    "{'a':1}",
    '{"a":1,}',
    '[1,]',
    'NaN',
    'undefined',
    '{"a":01}',
    '"unterminated',
    '{"a" 1}',
    '\u0000',
  ),
  fc.string({ minLength: 1, maxLength: 40 }).filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  }),
);

const invalidUtf8 = fc.constantFrom(
  [0xff],
  [0x80],
  [0xc0, 0xaf],
  [0xc3, 0x28],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
);

const unsupportedContentTypes = [
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=heed',
  'application/xml',
  'text/html',
  'application/octet-stream',
  'application/jsonx',
  'application/json-patch+json',
];

/** Path ids that are no UUID, already URL-encoded: words, NUL, traversal, injection, bad UTF-8, sheer length. */
const malformedIds = [
  'not-a-uuid',
  '1',
  '%20',
  '%00',
  '..%2Fkeys',
  "'%20OR%201%3D1%20--",
  '01900000-0000-7000-8000-00000000000g',
  '%7B01900000-0000-7000-8000-000000000000%7D',
  'x'.repeat(2000),
  '%ED%A0%80',
  '%FF',
  '%F0%9F%98%80',
];

const extraFields = fc.dictionary(
  fc.constantFrom(
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'isAdmin',
    'workspace_id',
    'id',
    '$where',
    'unknown_field',
  ),
  fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), fc.constant({ nested: true })),
  { minKeys: 1, maxKeys: 4 },
);

function keyChoice(bodyFault: boolean): fc.Arbitrary<KeyChoice> {
  // Mostly a working key, so the request reaches validation; now and then every way of failing authentication.
  const refused = [
    { weight: 3, arbitrary: fc.constant<KeyChoice>('publishable') },
    { weight: 1, arbitrary: fc.constantFrom<KeyChoice>('none', 'malformed', 'unknown', 'revoked') },
  ];
  return bodyFault
    ? fc.oneof({ weight: 12, arbitrary: fc.constant<KeyChoice>('secret') }, ...refused)
    : fc.oneof(...refused);
}

const idempotencyHeader = (ws: SeededWorkspace) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(' ', 'ключ', 'tab\there', 'x'.repeat(256)) },
    { weight: 1, arbitrary: fc.constant(ws.usedIdempotencyKey) },
  );

/** A body of 10,000 nested arrays: parseable, but no route takes an array. */
const deepArrays: Partial<Recipe> = {
  fault: '10,000 nested arrays',
  contentType: 'application/json',
  text: { nested: 'array', depth: 10_000 },
};

/** Body faults, each certain to make the request invalid whatever else it carries. */
function bodyFaults(
  operation: ApiOperation,
  schema: JsonSchema,
  ws: SeededWorkspace,
): fc.Arbitrary<Partial<Recipe>> {
  const name = operationName(operation);
  const base: fc.Arbitrary<Body> = validBodies[name]?.(ws) ?? fc.constant(instanceOf(schema) as Body);
  const json = { contentType: 'application/json' };
  const faults: Array<{ weight: number; arbitrary: fc.Arbitrary<Partial<Recipe>> }> = [
    {
      weight: 10,
      arbitrary: base.chain((body): fc.Arbitrary<Partial<Recipe>> => {
        const spots = locationsIn(body, schema)
          .map((location) => ({ location, violations: violationsOf(location.schema) }))
          .filter((spot) => spot.violations.length > 0);
        if (spots.length === 0) return fc.constant({ ...json, fault: 'non-object', text: '[]' });
        return fc.constantFrom(...spots).chain(({ location, violations }) =>
          fc
            .record({
              put: fc.constantFrom(...violations),
              extras: fc.option(extraFields, { nil: undefined, freq: 3 }),
            })
            .map(({ put, extras }) => ({
              ...json,
              fault: `field ${location.path.join('.')}`,
              body: extras ? { ...extras, ...body } : body,
              spoil: { at: location.path, put },
            })),
        );
      }),
    },
    {
      weight: 2,
      arbitrary: base.chain((body): fc.Arbitrary<Partial<Recipe>> => {
        const required = locationsIn(body, schema)
          .filter((location) => location.present && typesOf(location.schema).has('object'))
          .flatMap((location) =>
            (branchFor(location.schema, location.value).required ?? []).map((field) => [
              ...location.path,
              field,
            ]),
          );
        const top = (schema.required ?? []).map((field): Path => [field]);
        const drops = [...top, ...required];
        if (drops.length === 0) return fc.constant({ ...json, fault: 'non-object', text: 'null' });
        return fc
          .constantFrom(...drops)
          .map((drop) => ({ ...json, fault: `missing ${drop.join('.')}`, body, spoil: { drop } }));
      }),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom<unknown>([], 'text', 42, null, true, [{}]),
          base.map((body) => [body]),
        )
        .map((value) => ({ ...json, fault: 'not an object', text: JSON.stringify(value) })),
    },
    { weight: 2, arbitrary: notJson.map((text) => ({ ...json, fault: 'not JSON', text })) },
    { weight: 1, arbitrary: fc.constant(deepArrays) },
    ...sharedUnparseable(base),
    {
      weight: 1,
      arbitrary: fc.constantFrom('', ' ', '\n\t ').map((text) => ({ ...json, fault: 'empty body', text })),
    },
    { weight: 1, arbitrary: fc.constant({ fault: 'no body', contentType: null, text: null }) },
    {
      weight: 1,
      arbitrary: fc
        .record({ body: base, contentType: fc.constantFrom(...unsupportedContentTypes, 'text/plain') })
        .map(({ body, contentType }) => ({ fault: `content type ${contentType}`, body, contentType })),
    },
    { weight: 1, arbitrary: base.map((body) => ({ fault: 'no content type', body, contentType: null })) },
  ];
  const refused = refusedBodies[name]?.(ws);
  if (refused)
    faults.push({
      weight: 6,
      arbitrary: fc
        .record({ body: refused, extras: fc.option(extraFields, { nil: undefined, freq: 3 }) })
        .map(({ body, extras }) => ({
          ...json,
          fault: 'refused by the service',
          body: { ...extras, ...body },
        })),
    });
  return fc.oneof(...faults);
}

/** Bodies no JSON parser of the API accepts: refused before any route looks at them. */
function sharedUnparseable(
  base: fc.Arbitrary<Body>,
): Array<{ weight: number; arbitrary: fc.Arbitrary<Partial<Recipe>> }> {
  const json = { contentType: 'application/json' };
  return [
    {
      weight: 2,
      arbitrary: fc
        .record({ body: base, at: fc.double({ min: 0, max: 1, noNaN: true }), sequence: invalidUtf8 })
        .map(({ body, at, sequence }) => ({
          ...json,
          fault: 'invalid UTF-8',
          body,
          text: { bytes: 'invalid-utf8' as const, at, sequence },
        })),
    },
    {
      weight: 2,
      arbitrary: base.chain((body) =>
        fc
          .record({
            protoAt: fc.constantFrom(...objectPaths(body)),
            key: fc.constantFrom('__proto__' as const, 'constructor' as const),
          })
          .map((spoil) => ({ ...json, fault: `${spoil.key} key`, body, spoil })),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(
        base.map((body) => ({
          ...json,
          fault: 'over the body limit',
          body,
          spoil: { extras: { padding: { repeat: 'x', times: 1 << 20 } } },
        })),
        fc.constant({ ...json, fault: 'one megabyte', text: { megabyte: true as const } }),
      ),
    },
    {
      weight: 1,
      arbitrary: base.chain((body) =>
        fc
          .constantFrom(...unsupportedContentTypes)
          .map((contentType) => ({ fault: `content type ${contentType}`, body, contentType })),
      ),
    },
  ];
}

function recipeFor(operation: ApiOperation, fixture: Fixture): fc.Arbitrary<Recipe> {
  const { ws } = fixture;
  const realIds = idsByCollection(ws);
  const collections = Object.keys(realIds);
  const realParams = Object.fromEntries(
    operation.pathParams.map((param) => [param, realIds[collectionOf(operation.path, param)] ?? '']),
  );
  const hasRealIds = operation.pathParams.length > 0 && Object.values(realParams).every((id) => id !== '');
  // A path id that names nothing here: another collection's id, an id from nowhere, or no id at all.
  const wrongParams = fc.record(
    Object.fromEntries(
      operation.pathParams.map((param) => {
        const own = realParams[param];
        const others = collections.map((c) => realIds[c]).filter((id) => id !== own);
        return [
          param,
          fc.oneof(
            fc.constantFrom(...others, ws.id),
            fc.uuid({ version: 7 }),
            fc.constantFrom(...malformedIds),
          ),
        ];
      }),
    ),
  );
  const decorate = (
    fault: fc.Arbitrary<Partial<Recipe>>,
    params: fc.Arbitrary<Record<string, string>>,
    keys: fc.Arbitrary<KeyChoice>,
  ) =>
    fc
      .record({ fault, params, key: keys, idempotencyKey: idempotencyHeader(ws) })
      .map(({ fault, params, key, idempotencyKey }) => ({
        contentType: null,
        ...fault,
        fault: fault.fault ?? 'unknown',
        params,
        key,
        idempotencyKey,
      }));
  const real = fc.constant(realParams);
  if (operation.body) {
    const params =
      operation.pathParams.length === 0
        ? fc.constant({})
        : hasRealIds
          ? fc.oneof(real, real, wrongParams)
          : wrongParams;
    return decorate(bodyFaults(operation, operation.body, ws), params, keyChoice(true));
  }
  // A route without a body does its work whatever JSON it is sent: with a real id only an unparseable body
  // (or a key that may not call it) makes the request wrong; with a wrong id anything does.
  const anyPayload = fc.oneof(
    fc.constant<Partial<Recipe>>({ fault: 'no body', contentType: null, text: null }),
    fc.constant<Partial<Recipe>>({ fault: 'empty object', contentType: 'application/json', body: {} }),
    fc.constant(deepArrays),
    ...sharedUnparseable(fc.constant({})).map((fault) => fault.arbitrary),
  );
  // A route without path parameters (POST /v1/workspace/inbound-secret) has no id to get wrong: as with real
  // ids, only an unparseable body or a key that may not call it makes the request wrong.
  const noParams = operation.pathParams.length === 0;
  const variants = noParams ? [] : [decorate(anyPayload, wrongParams, keyChoice(true))];
  if (hasRealIds || noParams) {
    variants.push(
      decorate(
        fc.oneof(...sharedUnparseable(fc.constant({ note: 'ignored' })).map((f) => f.arbitrary)),
        real,
        keyChoice(true),
      ),
      decorate(anyPayload, real, keyChoice(false)),
    );
  }
  return fc.oneof(...variants);
}

/** Where a planted key goes: a marker JSON.stringify keeps as an ordinary key, swapped for the real one after. */
const marker = (name: string) => `@@heed-test-${name}@@`;

function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function parentOf(
  body: unknown,
  path: Path,
): { parent: Record<string | number, unknown>; last: string | number } {
  let parent = body as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  return { parent, last: path[path.length - 1] };
}

/** The JSON text of an injection that is not a plain value. */
function rawJson(put: Exclude<Injection, { value: unknown }>): string {
  if ('raw' in put) return put.raw;
  if ('nested' in put)
    return put.nested === 'array'
      ? `${'['.repeat(put.depth)}${']'.repeat(put.depth)}`
      : `${'{"":'.repeat(put.depth)}1${'}'.repeat(put.depth)}`;
  if ('repeat' in put) return JSON.stringify(put.repeat.repeat(put.times));
  return JSON.stringify({ blob: 'x'.repeat(put.bigRecord) });
}

/** Builds the request a recipe describes: the payload bytes and their content type. */
function render(recipe: Recipe): { payload: string | Buffer | undefined; contentType: string | null } {
  const raws: string[] = [];
  const place = (put: Injection): unknown => {
    if ('value' in put) return put.value;
    raws.push(rawJson(put));
    return marker(`raw-${raws.length - 1}`);
  };
  let text: string | undefined;
  if (typeof recipe.text === 'string') text = recipe.text;
  else if (recipe.text && 'megabyte' in recipe.text) text = JSON.stringify('x'.repeat(1 << 20));
  else if (recipe.text && 'nested' in recipe.text) text = rawJson(recipe.text);
  else if (recipe.body !== undefined) {
    const body = cloneJson(recipe.body);
    const spoil = recipe.spoil;
    let plantedKey: string | undefined;
    if (spoil && 'at' in spoil) {
      const { parent, last } = parentOf(body, spoil.at);
      parent[last] = place(spoil.put);
    } else if (spoil && 'drop' in spoil) {
      const { parent, last } = parentOf(body, spoil.drop);
      delete parent[last];
    } else if (spoil && 'protoAt' in spoil) {
      let target: unknown = body;
      for (const step of spoil.protoAt) target = (target as Record<string | number, unknown>)[step];
      plantedKey = spoil.key;
      (target as Record<string, unknown>)[marker('planted')] =
        spoil.key === '__proto__' ? { isAdmin: true } : { prototype: { isAdmin: true } };
    } else if (spoil && 'extras' in spoil) {
      for (const [name, put] of Object.entries(spoil.extras))
        (body as Record<string, unknown>)[name] = place(put as Injection);
    }
    text = JSON.stringify(body);
    if (plantedKey) text = text.replace(JSON.stringify(marker('planted')), JSON.stringify(plantedKey));
    raws.forEach((raw, index) => {
      text = (text as string).replace(JSON.stringify(marker(`raw-${index}`)), () => raw);
    });
  }
  if (recipe.text && typeof recipe.text === 'object' && 'bytes' in recipe.text) {
    const bytes = Buffer.from(text ?? '{}', 'utf8');
    const at = Math.floor(recipe.text.at * bytes.length);
    return {
      payload: Buffer.concat([bytes.subarray(0, at), Buffer.from(recipe.text.sequence), bytes.subarray(at)]),
      contentType: recipe.contentType,
    };
  }
  return { payload: text, contentType: recipe.contentType };
}

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | number | undefined>;
}

async function send(fixture: Fixture, method: HttpMethod, url: string, recipe: Recipe): Promise<Answer> {
  const { ws } = fixture;
  const keys: Record<KeyChoice, string | undefined> = {
    secret: ws.secretKey,
    publishable: ws.publishableKey,
    none: undefined,
    malformed: 'heed_sk_not-a-real-key',
    // Well-formed, naming this workspace, but never issued.
    unknown: `${ws.secretKey.slice(0, 31)}${'A'.repeat(43)}`,
    revoked: fixture.revokedKey,
  };
  const { payload, contentType } = render(recipe);
  const headers: Record<string, string> = {};
  const key = keys[recipe.key];
  if (key) headers.authorization = `Bearer ${key}`;
  if (contentType) headers['content-type'] = contentType;
  if (recipe.idempotencyKey !== undefined) headers['idempotency-key'] = recipe.idempotencyKey;
  const response = await fixture.h.app.inject({ method, url, headers, payload });
  let body: unknown = response.body;
  try {
    body = JSON.parse(response.body);
  } catch {
    // not JSON: the assertion below reports it
  }
  return { status: response.statusCode, body, headers: response.headers };
}

/** A refusal as the API promises it: RFC 9457 problem+json with status, code, requestId and field errors. */
function expectProblem(answer: Answer, statuses: (status: number) => boolean): void {
  expect(
    statuses(answer.status),
    `status ${answer.status}: ${JSON.stringify(answer.body).slice(0, 400)}`,
  ).toBe(true);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = answer.body as Record<string, unknown>;
  expect(problem.status).toBe(answer.status);
  expect(problem.code).toEqual(expect.stringMatching(/^[a-z_]+$/));
  expect(problem.requestId).toBe(answer.headers['x-request-id']);
  if (answer.status === 400) expect(problem.code).toBe('invalid');
  if (problem.code === 'invalid') {
    expect(Array.isArray(problem.errors) && problem.errors.length > 0, JSON.stringify(problem)).toBe(true);
    for (const error of problem.errors as unknown[]) {
      expect(error).toEqual({ path: expect.any(String), message: expect.any(String) });
      expect((error as { path: string }).path).not.toBe('');
    }
  }
}

const isClientError = (status: number) => status >= 400 && status < 500;

/** Query values at and past every edge (already URL-encoded): types, ranges, encodings, dates. */
const oddQueryValues = [
  '',
  '%20',
  'abc',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1.5',
  '1e309',
  '-1e309',
  '99999999999999999999',
  '%00',
  '%ED%A0%80',
  '%FF',
  '%E2%80%AE',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(5000),
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '1969-12-31',
  '2026-02-30',
  '%2B275760-09-13',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '1969-12-31T23:59:59Z',
  '2026-01-01T00:00:00%2B23:59',
  '2026-02-30T00:00:00Z',
];

/** Ordinary values, so random combinations also reach past validation into the queries. */
const saneQueryValues = [
  '1',
  '10',
  '500',
  '0.5',
  '2026-01-01',
  '2025-01-01',
  'day',
  'week',
  'month',
  'segment',
  'USD',
  'previous',
];

describe.each(backends)('malformed requests on $name', (backend) => {
  let fixture: Fixture;
  let operations: ApiOperation[];
  const rowsNow = () => workspaceRows(fixture.h.db, fixture.ws.id, fixture.tables);

  beforeAll(async () => {
    // An SMTP address is configured so e-mail requests are judged on their bodies; nothing is ever sent.
    const h = await openHarness(backend, { bodyLimit, smtpUrl: 'smtp://127.0.0.1:9' });
    const ws = await seedWorkspace(h, 'Fuzzed');
    const revoked = await h.services.workspaces.createKey(ws.id, 'secret', 'Revoked key');
    await h.services.workspaces.revokeKey(ws.id, revoked.key.id);
    fixture = { h, ws, revokedKey: revoked.secret, tables: await tenantTables(h.db) };
    operations = await apiOperations(h);
  });
  afterAll(() => fixture.h.close());

  it('finds every write route in the OpenAPI document', () => {
    const writes = operations.filter((op) => op.method !== 'GET').map(operationName);
    expect(writes).toEqual(
      expect.arrayContaining([
        'PATCH /v1/workspace',
        'POST /v1/keys',
        'DELETE /v1/keys/{id}',
        'POST /v1/customers',
        'POST /v1/accounts',
        'POST /v1/surveys',
        'POST /v1/surveys/{id}/archive',
        'POST /v1/responses',
        'POST /v1/responses/batch',
        'POST /v1/feedback',
        'POST /v1/events',
        'POST /v1/events/batch',
      ]),
    );
  });

  it('accepts every fixture body, so each fault below is what makes a request wrong', async () => {
    // In a workspace of its own: these requests do write.
    const spare = await seedWorkspace(fixture.h, 'Spare');
    const spareIds = idsByCollection(spare);
    for (const [name, bodies] of Object.entries(validBodies)) {
      const [method, path] = name.split(' ') as [HttpMethod, string];
      const url = fillPath(path, { id: spareIds[collectionOf(path, 'id')] });
      for (const body of fc.sample(bodies(spare), { seed, numRuns: 15 })) {
        const answer = await fixture.h.api(method, url, { key: spare.secretKey, body });
        expect(
          [200, 201, 202, 204],
          `${name} ${JSON.stringify(body)} → ${JSON.stringify(answer.body)}`,
        ).toContain(answer.status);
      }
    }
  });

  it('refuses thousands of malformed bodies on every write route with a 4xx problem and writes nothing', async () => {
    const before = await rowsNow();
    const refusals = new Map<string, number>();
    for (const operation of operations.filter((op) => op.method !== 'GET')) {
      await fc.assert(
        fc.asyncProperty(recipeFor(operation, fixture), async (recipe) => {
          const url = fillPath(operation.path, recipe.params);
          const answer = await send(fixture, operation.method, url, recipe);
          expectProblem(answer, isClientError);
          const code = (answer.body as { code: string }).code;
          refusals.set(`${answer.status} ${code}`, (refusals.get(`${answer.status} ${code}`) ?? 0) + 1);
          expect(await rowsNow(), `${operationName(operation)} (${recipe.fault}) wrote`).toEqual(before);
        }),
        { seed, numRuns: runsPerWriteRoute, endOnFailure: true },
      );
    }
    // Every layer was reached: parser, authentication, policy, validation, the services, idempotency.
    expect([...refusals.keys()]).toEqual(
      expect.arrayContaining([
        '400 invalid',
        '401 unauthenticated',
        '403 forbidden',
        '404 not_found',
        '409 conflict',
        '413 payload_too_large',
        '415 unsupported_media_type',
        '422 idempotency_key_reused',
      ]),
    );
    // Every write route's runs add up (and each counts every table's rows): more time than one request needs.
  }, 240_000);

  it('answers every odd query value on every read route without a 5xx and writes nothing', async () => {
    const before = await rowsNow();
    const reads = operations.filter((op) => op.method === 'GET' && op.query.length > 0);
    const ask = async (path: string, query: Array<[string, string]>) => {
      const url = `${path}?${query.map(([name, value]) => `${encodeURIComponent(name)}=${value}`).join('&')}`;
      const answer = await fixture.h.api('GET', url, { key: fixture.ws.secretKey });
      if (answer.status !== 200) expectProblem(answer, isClientError);
      return answer;
    };
    // Each value alone in each parameter, so every edge is tried everywhere.
    const failures: string[] = [];
    for (const operation of reads) {
      for (const parameter of [...operation.query.map((q) => q.name), '__proto__', 'constructor']) {
        for (const value of oddQueryValues) {
          try {
            await ask(operation.path, [[parameter, value]]);
          } catch (error) {
            failures.push(
              `GET ${operation.path}?${parameter}=${value.slice(0, 40)}: ${(error as Error).message.split('\n')[0]}`,
            );
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // Then random combinations: ranges upside down, repeated parameters, several odd values at once.
    for (const operation of reads) {
      const pairs = fc.array(
        fc.tuple(
          fc.constantFrom(...operation.query.map((q) => q.name)),
          fc.constantFrom(...oddQueryValues, ...saneQueryValues),
        ),
        { minLength: 1, maxLength: 5 },
      );
      await fc.assert(
        fc.asyncProperty(pairs, async (query) => {
          await ask(operation.path, query);
        }),
        { seed, numRuns: runsPerReadRoute, endOnFailure: true },
      );
    }
    expect(await rowsNow()).toEqual(before);
  });

  it('answers the request after a failed SQL statement normally', async () => {
    // pg drops a connection whose statement failed and opens another at once; the next request must not pay.
    await expect(fixture.h.db.query('SELECT 1 / 0')).rejects.toThrow('division by zero');
    const next = await fixture.h.api('GET', '/v1/workspace', { key: fixture.ws.secretKey });
    expect(next.status).toBe(200);
    expect(next.body.id).toBe(fixture.ws.id);
  });

  it("leaves another customer's email where it is when a reference claims it, answering without a 5xx", async () => {
    const { h, ws } = fixture;
    const plain = await h.api<{ id: string }>('POST', '/v1/customers', {
      key: ws.secretKey,
      body: { external_id: 'without-email' },
    });
    expect(plain.status).toBe(201);
    const response = await h.api('POST', '/v1/responses', {
      key: ws.publishableKey,
      body: {
        survey_id: ws.surveys.nps,
        score: 6,
        customer: { external_id: 'without-email', email: ws.customer.email, name: 'Renamed' },
      },
    });
    const upsert = await h.api('POST', '/v1/customers', {
      key: ws.secretKey,
      body: { external_id: 'without-email', email: ws.otherCustomer.email },
    });
    expect([response.status, upsert.status]).toEqual([201, 200]);
    const customer = await h.api('GET', `/v1/customers/${plain.body.id}`, { key: ws.secretKey });
    expect([customer.body.email, customer.body.name]).toEqual([null, 'Renamed']);
    const owner = await h.api('GET', `/v1/customers/${ws.customer.id}`, { key: ws.secretKey });
    expect(owner.body.email).toBe(ws.customer.email);
  });

  it('refuses score 11 on an NPS survey with 400 naming score', async () => {
    const before = await rowsNow();
    const answer = await fixture.h.api('POST', '/v1/responses', {
      key: fixture.ws.publishableKey,
      body: { survey_id: fixture.ws.surveys.nps, score: 11 },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ path: 'score', message: 'Too big: expected number to be <=10' }]);
    expect(await rowsNow()).toEqual(before);
  });

  it('refuses a batch whose items 2 and 5 are invalid, naming both, and writes none of it', async () => {
    const before = await rowsNow();
    const { ws } = fixture;
    const good = (n: number) => ({
      survey_id: ws.surveys.nps,
      score: 9,
      customer: { external_id: `batch-new-${n}` },
    });
    const schemaFaults = [
      good(0),
      good(1),
      { ...good(2), score: 11 },
      good(3),
      good(4),
      { ...good(5), channel: 'pigeon' },
    ];
    const invalid = await fixture.h.api('POST', '/v1/responses/batch', {
      key: ws.secretKey,
      body: { responses: schemaFaults },
    });
    expect(invalid.status).toBe(400);
    expect((invalid.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual([
      'responses[2].score',
      'responses[5].channel',
    ]);

    const serviceFaults = [
      good(0),
      good(1),
      { survey_id: ws.surveys.csat, score: 7, customer: { external_id: 'batch-new-2' } },
      good(3),
      good(4),
      { survey_id: ws.surveys.archived, score: 9, customer: { external_id: 'batch-new-5' } },
    ];
    const headers = { 'idempotency-key': 'batch-with-bad-items' };
    const refused = await fixture.h.api('POST', '/v1/responses/batch', {
      key: ws.secretKey,
      body: { responses: serviceFaults },
      headers,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { path: 'responses[2].score', message: 'must be an integer 1–5 for this csat survey' },
      { path: 'responses[5].survey_id', message: 'is archived and takes no responses' },
    ]);
    const unknownCustomer = [good(0), good(1), { ...good(2), customer: { id: ws.id } }, good(3)];
    const notFound = await fixture.h.api('POST', '/v1/responses/batch', {
      key: ws.secretKey,
      body: { responses: unknownCustomer },
      headers,
    });
    expect(notFound.status).toBe(404);
    expect(notFound.body.errors).toEqual([
      { path: 'responses[2].customer', message: `Customer ${ws.id} was not found` },
    ]);
    expect(await rowsNow()).toEqual(before);
  });

  it('refuses a body of invalid UTF-8 with 400 at path (body)', async () => {
    const before = await rowsNow();
    const answer = await fixture.h.api('POST', '/v1/feedback', {
      key: fixture.ws.publishableKey,
      body: Buffer.concat([Buffer.from('{"text":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ path: '(body)', message: 'is not valid UTF-8' }]);
    expect(await rowsNow()).toEqual(before);
  });

  it('keeps the first answer of an Idempotency-Key when the key is reused for another request', async () => {
    const before = await rowsNow();
    const { ws } = fixture;
    const reused = await fixture.h.api('POST', '/v1/keys', {
      key: ws.secretKey,
      body: { kind: 'publishable', name: 'Another key' },
      headers: { 'idempotency-key': ws.usedIdempotencyKey },
    });
    expect(reused.status).toBe(422);
    const retried = await fixture.h.api('POST', '/v1/keys', {
      key: ws.secretKey,
      body: { kind: 'secret', name: `${ws.label} extra key` },
      headers: { 'idempotency-key': ws.usedIdempotencyKey },
    });
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body.id).toBe(ws.keyIds.extra);
    expect(await rowsNow()).toEqual(before);
  });
});
