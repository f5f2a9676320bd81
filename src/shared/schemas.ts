// Building blocks of the request schemas: bounded strings, safe JSON objects, timestamps.
import { z } from 'zod';

// A lone UTF-16 surrogate (a JSON "\ud800" escape) has no UTF-8 form: text columns would silently store
// U+FFFD and jsonb refuses it outright, so it is the caller's error like NUL.
const unpairedSurrogate = /\p{Surrogate}/u;
const unstorable = (value: string): string | null =>
  value.includes('\u0000')
    ? 'must not contain NUL characters'
    : unpairedSurrogate.test(value)
      ? 'must not contain unpaired UTF-16 surrogates'
      : null;

/** Text PostgreSQL can store: no NUL characters or unpaired surrogates, bounded length. */
export const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .superRefine((value, context) => {
      const problem = unstorable(value);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    });

export const requiredText = (max: number) =>
  text(max).refine((value) => value.trim().length > 0, 'must not be empty');

const maxJsonDepth = 8;
const maxJsonBytes = 32 * 1024;

function jsonProblem(value: unknown, depth: number): string | null {
  if (depth > maxJsonDepth) return `must not nest deeper than ${maxJsonDepth} levels`;
  if (typeof value === 'string') return unstorable(value);
  if (value === null || typeof value !== 'object') return null;
  const children = Array.isArray(value) ? value : Object.entries(value).flat();
  for (const child of children) {
    const problem = jsonProblem(child, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** A free-form JSON object (traits, metadata): bounded depth and size, storable as jsonb. */
export const jsonObject = z.record(z.string(), z.unknown()).superRefine((value, context) => {
  const problem = jsonProblem(value, 1);
  if (problem) context.addIssue({ code: 'custom', message: problem });
  else if (Buffer.byteLength(JSON.stringify(value)) > maxJsonBytes)
    context.addIssue({ code: 'custom', message: `must be at most ${maxJsonBytes} bytes as JSON` });
});

/**
 * An ISO 8601 timestamp with a time zone, within a sane range, handed on in UTC: PostgreSQL refuses offsets
 * past ±15:59 that ISO 8601 (and JavaScript) allow, so a raw "…+23:00" filter would fail in SQL.
 */
export const timestamp = z.iso
  .datetime({
    offset: true,
    message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T12:00:00Z',
  })
  .refine((value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= 1970 && year <= 2200;
  }, 'must be between 1970 and 2200')
  .transform((value) => new Date(value).toISOString());

export const uuid = z.uuid({ message: 'must be a UUID' });

/** Trimmed and lower-cased before it is checked, so " Ada@Example.com" is the same customer as "ada@example.com". */
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .pipe(z.email({ message: 'must be an e-mail address' }));

export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code, e.g. USD')
  .describe('ISO 4217 currency code');

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(64).optional(),
};

export const idParams = z.object({ id: uuid });

/** A page of a list: the items and the cursor of the next page (null on the last). */
export const pageOutput = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable() });
