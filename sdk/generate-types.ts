// Writes sdk/types.ts from the running app's own OpenAPI document, so the SDK's types are the API's zod
// schemas and cannot drift: `npm run sdk:types`. sdk/types.test.ts fails when the committed file is stale.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { openDatabase } from '../src/server.ts';
import { createServices } from '../src/services.ts';

const sdkDir = path.dirname(fileURLToPath(import.meta.url));
export const typesPath = path.join(sdkDir, 'types.ts');

/** The routes the SDK calls; only these are typed, so unrelated API work does not touch the SDK. */
export const sdkRoutes: Record<string, string[]> = {
  '/v1/responses': ['post', 'get'],
  '/v1/responses/batch': ['post'],
  '/v1/responses/{id}': ['get'],
  '/v1/feedback': ['post', 'get'],
  '/v1/feedback/{id}': ['get'],
  '/v1/events': ['post'],
  '/v1/events/batch': ['post'],
  '/v1/customers': ['post', 'get'],
  '/v1/customers/{id}': ['get'],
  '/v1/surveys': ['get'],
  '/v1/surveys/{id}': ['get'],
  '/v1/metrics/nps': ['get'],
  '/v1/metrics/csat': ['get'],
  '/v1/metrics/ces': ['get'],
  '/v1/eligibility': ['post'],
  '/v1/impressions': ['post'],
};

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  description?: string;
}
interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: JsonSchema;
  description?: string;
}
interface Operation {
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

/** The app's OpenAPI document, from an app on a throwaway in-memory database that never listens. */
export async function openApiDocument(): Promise<OpenApiDocument> {
  const config = loadConfig({}, { dataDir: 'memory://', logLevel: 'silent', port: 0 });
  const db = await openDatabase(config);
  const services = createServices(db, config);
  try {
    const app = await buildApp(config, services);
    await app.ready();
    const document = app.swagger() as unknown as OpenApiDocument;
    await app.close();
    return document;
  } finally {
    await services.responses.drain();
    await services.events.drain();
    await db.close();
  }
}

const comment = (text: string | undefined, pad: string) =>
  text ? `${pad}/** ${text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' ')} */\n` : '';
const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

/** A TypeScript type for a JSON Schema (the subset zod's toJSONSchema emits). */
export function typeOf(schema: JsonSchema | undefined, pad = ''): string {
  if (!schema) return 'unknown';
  if (schema.$ref) return schema.$ref.split('/').pop() as string;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return [...new Set(union.map((part) => typeOf(part, pad)))].join(' | ');
  if (schema.allOf) return schema.allOf.map((part) => typeOf(part, pad)).join(' & ');
  if (Array.isArray(schema.type))
    return schema.type.map((type) => typeOf({ ...schema, type }, pad)).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const item = typeOf(schema.items, pad);
      return /^[\w.]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
    }
    case 'object':
      return objectOf(schema, pad);
    default:
      return 'unknown';
  }
}

function objectOf(schema: JsonSchema, pad: string): string {
  const inner = `${pad}  `;
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(
    ([name, property]) =>
      `${comment(property.description, inner)}${inner}${key(name)}${required.has(name) ? '' : '?'}: ${typeOf(property, inner)};\n`,
  );
  const extra = schema.additionalProperties;
  if (extra !== undefined && extra !== false) {
    const value = extra === true ? 'unknown' : typeOf(extra, inner);
    if (fields.length === 0) return `Record<string, ${value}>`;
    fields.push(`${inner}[key: string]: ${value};\n`);
  }
  return fields.length === 0 ? 'Record<string, never>' : `{\n${fields.join('')}${pad}}`;
}

function parametersOf(parameters: Parameter[], where: string, pad: string): string | undefined {
  const chosen = parameters.filter((parameter) => parameter.in === where);
  if (chosen.length === 0) return undefined;
  return objectOf(
    {
      type: 'object',
      properties: Object.fromEntries(
        chosen.map((parameter) => [
          parameter.name,
          { ...parameter.schema, description: parameter.description ?? parameter.schema?.description },
        ]),
      ),
      required: chosen.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    },
    pad,
  );
}

const jsonOf = (content: Record<string, { schema?: JsonSchema }> | undefined) =>
  content?.['application/json']?.schema;

/** The source of sdk/types.ts (before formatting). */
export function renderTypes(document: OpenApiDocument): string {
  const lines = [
    '// Generated by sdk/generate-types.ts from Heed’s OpenAPI document (itself made from the zod schemas in',
    '// src/domains/*/schema.ts). Do not edit: run `npm run sdk:types`.',
    '',
    '/** Each route the SDK calls: its path parameters, query, body and successful answer. */',
    'export interface Paths {',
  ];
  for (const [route, methods] of Object.entries(sdkRoutes)) {
    const item = document.paths[route];
    if (!item) throw new Error(`the API has no ${route}: update sdkRoutes in sdk/generate-types.ts`);
    lines.push(`  ${JSON.stringify(route)}: {`);
    for (const method of methods) {
      const operation = item[method];
      if (!operation) throw new Error(`the API has no ${method.toUpperCase()} ${route}`);
      const pad = '      ';
      const parts: string[] = [];
      const params = parametersOf(operation.parameters ?? [], 'path', pad);
      if (params) parts.push(`${pad}params: ${params};`);
      const query = parametersOf(operation.parameters ?? [], 'query', pad);
      if (query) parts.push(`${pad}query: ${query};`);
      const body = jsonOf(operation.requestBody?.content);
      if (body) parts.push(`${pad}body: ${typeOf(body, pad)};`);
      const answers = Object.entries(operation.responses ?? {})
        .filter(([status]) => status.startsWith('2'))
        .map(([, answer]) => jsonOf(answer.content));
      const types = [...new Set(answers.map((answer) => typeOf(answer, pad)))];
      parts.push(`${pad}response: ${types.length > 0 ? types.join(' | ') : 'unknown'};`);
      lines.push(`${comment(operation.summary, '    ')}    ${method}: {`, ...parts, '    };');
    }
    lines.push('  };');
  }
  lines.push('}', '');
  return lines.join('\n');
}

/** Formats the source as the repository's formatter (biome) would, so the committed file passes lint. */
export function formatTypes(source: string): string {
  const biome = path.join(sdkDir, '..', 'node_modules', '.bin', 'biome');
  const result = spawnSync(biome, ['format', `--stdin-file-path=${typesPath}`], {
    input: source,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`biome format failed: ${result.stderr}`);
  return result.stdout;
}

export async function generateTypes(): Promise<string> {
  return formatTypes(renderTypes(await openApiDocument()));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(typesPath, await generateTypes());
  process.stdout.write(`wrote ${path.relative(process.cwd(), typesPath)}\n`);
}
