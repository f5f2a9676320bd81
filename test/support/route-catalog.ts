// The API's operations as its OpenAPI document lists them, so cross-cutting suites cover a new route unedited.
import type { Harness } from './harness.ts';

/** The part of JSON Schema the OpenAPI document of Heed uses. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface QueryParameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface ApiOperation {
  method: HttpMethod;
  /** The OpenAPI path template, e.g. /v1/surveys/{id}/archive. */
  path: string;
  pathParams: string[];
  query: QueryParameter[];
  /** The JSON request body's schema; undefined for routes that take no body. */
  body?: JsonSchema;
  /** Whether the route takes an API key; webhooks authenticate with a secret of their own instead. */
  apiKey: boolean;
}

interface OpenApiParameter {
  in: string;
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

type Security = Array<Record<string, string[]>>;

interface OpenApiOperation {
  security?: Security;
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
}

interface OpenApiDocument {
  security?: Security;
  paths: Record<string, Partial<Record<Lowercase<HttpMethod>, OpenApiOperation>>>;
}

const methods: HttpMethod[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

/** Every documented operation, read from the running app's GET /openapi.json. */
export async function apiOperations(h: Harness): Promise<ApiOperation[]> {
  const answer = await h.api<OpenApiDocument>('GET', '/openapi.json');
  if (answer.status !== 200) throw new Error(`GET /openapi.json answered ${answer.status}`);
  const operations: ApiOperation[] = [];
  for (const [path, item] of Object.entries(answer.body.paths)) {
    for (const method of methods) {
      const operation = item[method.toLowerCase() as Lowercase<HttpMethod>];
      if (!operation) continue;
      const parameters = operation.parameters ?? [];
      operations.push({
        method,
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema })),
        body: operation.requestBody?.content?.['application/json']?.schema,
        apiKey: (operation.security ?? answer.body.security ?? []).some((scheme) => 'apiKey' in scheme),
      });
    }
  }
  return operations;
}

export const operationName = (operation: Pick<ApiOperation, 'method' | 'path'>): string =>
  `${operation.method} ${operation.path}`;

/** The URL of an operation with its path parameters filled in, as given: ids are URL-safe, odd values come encoded. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${path}`);
    return value;
  });
}

/** The collection a path parameter identifies within: /v1/surveys/{id}/archive → "surveys". */
export function collectionOf(path: string, param: string): string {
  const segments = path.split('/');
  const at = segments.indexOf(`{${param}}`);
  return at > 0 ? segments[at - 1] : '';
}

/** The types a schema admits, with nullable unions flattened: { anyOf: [integer, null] } → integer, null. */
export function typesOf(schema: JsonSchema): Set<string> {
  const types = new Set<string>();
  if (typeof schema.type === 'string') types.add(schema.type);
  else if (Array.isArray(schema.type)) for (const type of schema.type) types.add(type);
  for (const member of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])])
    for (const type of typesOf(member)) types.add(type);
  return types;
}
