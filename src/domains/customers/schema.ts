// Request and response shapes of customers and accounts.
import { z } from 'zod';
import { email, jsonObject, pageQuery, text, timestamp, uuid } from '../../shared/schemas.ts';
import { phone } from './phone.ts';

export const accountInput = z.object({
  external_id: text(255).min(1),
  name: text(200).optional(),
  plan: text(100).optional(),
  owner: text(200).optional(),
  traits: jsonObject.optional(),
});
export type AccountInput = z.infer<typeof accountInput>;

const customerFields = {
  external_id: text(255).min(1).optional().describe('Your own id for the customer'),
  email: email.optional(),
  phone: phone.optional(),
  name: text(200).optional(),
  segment: text(100)
    .min(1)
    .optional()
    .describe('The segment metrics group this customer in, e.g. "enterprise"'),
  traits: jsonObject.optional().describe('Any attributes; merged into the ones already stored'),
};

export const customerUpsertInput = z
  .object({
    ...customerFields,
    account: accountInput
      .optional()
      .describe('The company this customer belongs to, upserted by external_id'),
  })
  .refine(
    (value) => value.external_id !== undefined || value.email !== undefined || value.phone !== undefined,
    { message: 'needs external_id, email or phone to identify the customer', path: ['external_id'] },
  );
export type CustomerUpsertInput = z.infer<typeof customerUpsertInput>;

/** How a response, feedback item or event names its customer: by Heed id, external id, email or phone. */
export const customerRef = z
  .object({ id: uuid.optional(), ...customerFields })
  .refine(
    (value) =>
      value.id !== undefined ||
      value.external_id !== undefined ||
      value.email !== undefined ||
      value.phone !== undefined,
    { message: 'needs id, external_id, email or phone to identify the customer', path: ['id'] },
  );
export type CustomerRef = z.infer<typeof customerRef>;

export const customerOutput = z.object({
  id: uuid,
  external_id: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  segment: z.string().nullable(),
  account_id: z.string().nullable(),
  traits: z.record(z.string(), z.unknown()),
  started_at: z.string(),
  churned_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const accountOutput = z.object({
  id: uuid,
  external_id: z.string().nullable(),
  name: z.string().nullable(),
  plan: z.string().nullable(),
  owner: z.string().nullable(),
  traits: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
});

export const customerListQuery = z.object({
  ...pageQuery,
  segment: text(100).optional(),
  account_id: uuid.optional(),
  external_id: text(255).optional(),
  email: email.optional(),
  phone: phone.optional(),
  created_after: timestamp.optional(),
  created_before: timestamp.optional(),
});
export type CustomerListQuery = z.infer<typeof customerListQuery>;

export const accountListQuery = z.object({ ...pageQuery, plan: text(100).optional() });
