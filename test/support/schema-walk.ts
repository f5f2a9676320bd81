// Walking a request body alongside its JSON Schema: where each field is, what its schema admits, and how to
// build or change a body at a path. Shared by the suites that aim requests at every route.
import { type JsonSchema, typesOf } from './route-catalog.ts';

/** Where a value sits in a body: property names and array indexes. */
export type Path = Array<string | number>;

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function admits(schema: JsonSchema, value: unknown): boolean {
  const types = typesOf(schema);
  const type = jsonTypeOf(value);
  return types.has(type) || (type === 'integer' && types.has('number'));
}

/** The member of a union that describes a value: of its JSON type and, for objects, its discriminator. */
export function branchFor(schema: JsonSchema, value: unknown): JsonSchema {
  const members = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  const discriminated = (member: JsonSchema) =>
    !isObject(value) ||
    Object.entries(member.properties ?? {}).every(([name, property]) => {
      const allowed = property.const !== undefined ? [property.const] : property.enum;
      return !allowed || !Object.hasOwn(value, name) || allowed.includes(value[name]);
    });
  return members.find((member) => admits(member, value) && discriminated(member)) ?? schema;
}

export const isRecordSchema = (schema: JsonSchema) =>
  typesOf(schema).has('object') && !schema.properties && isObject(schema.additionalProperties);

export interface Location {
  path: Path;
  schema: JsonSchema;
  present: boolean;
  value?: unknown;
}

/** Every place in a body its schema describes: present fields, absent optional ones, array items. */
export function locationsIn(value: unknown, schema: JsonSchema, path: Path = []): Location[] {
  const found: Location[] = [];
  const branch = branchFor(schema, value);
  if (isObject(value) && branch.properties) {
    for (const [name, child] of Object.entries(branch.properties)) {
      const present = Object.hasOwn(value, name);
      found.push({ path: [...path, name], schema: child, present, value: value[name] });
      if (present) found.push(...locationsIn(value[name], child, [...path, name]));
    }
  } else if (Array.isArray(value) && branch.items) {
    const items = branch.items;
    value.forEach((item, index) => {
      found.push({ path: [...path, index], schema: items, present: true, value: item });
      found.push(...locationsIn(item, items, [...path, index]));
    });
  }
  return found;
}

/** A body for a route without a fixture, derived from its schema: required fields with plausible values. */
export function instanceOf(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  const types = typesOf(schema);
  if (types.has('object')) {
    const body: Record<string, unknown> = {};
    for (const name of schema.required ?? []) body[name] = instanceOf(schema.properties?.[name] ?? {});
    return body;
  }
  if (types.has('array')) return schema.items && (schema.minItems ?? 0) > 0 ? [instanceOf(schema.items)] : [];
  if (types.has('integer') || types.has('number')) return schema.minimum ?? 1;
  if (types.has('boolean')) return false;
  if (schema.format === 'uuid') return '01900000-0000-7000-8000-000000000000';
  if (types.has('string')) return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
  return null;
}

/** Every place a UUID goes in a body of this schema, with array items at index 0 (and each union member). */
export function uuidPaths(schema: JsonSchema, path: Path = []): Path[] {
  if (schema.format === 'uuid') return [path];
  const found: Path[] = [];
  for (const member of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])])
    found.push(...uuidPaths(member, path));
  for (const [name, child] of Object.entries(schema.properties ?? {}))
    found.push(...uuidPaths(child, [...path, name]));
  if (schema.items) found.push(...uuidPaths(schema.items, [...path, 0]));
  const unique = new Map(found.map((p) => [JSON.stringify(p), p]));
  return [...unique.values()];
}

/** A copy of the body with the value set at the path, creating the objects and arrays on the way. */
export function withValueAt<T>(body: T, path: Path, value: unknown): T {
  const copy = JSON.parse(JSON.stringify(body ?? {})) as T;
  let parent = copy as Record<string | number, unknown>;
  path.forEach((step, index) => {
    if (index === path.length - 1) {
      parent[step] = value;
      return;
    }
    const next = path[index + 1];
    if (typeof parent[step] !== 'object' || parent[step] === null)
      parent[step] = typeof next === 'number' ? [] : {};
    parent = parent[step] as Record<string | number, unknown>;
  });
  return copy;
}
