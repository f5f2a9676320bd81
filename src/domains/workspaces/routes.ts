// /v1/workspace and /v1/keys: the caller's workspace and its API keys.
import { z } from 'zod';
import { type HeedApp, principalOf } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { presentRow } from '../../shared/present.ts';
import { currency, idParams, requiredText } from '../../shared/schemas.ts';
import type { ApiKeyRow, WorkspaceRow } from './store.ts';

const workspaceOutput = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string(),
  pii_redaction: z.boolean(),
  fatigue_days: z.number(),
  privacy_notice: z.string().nullable(),
  created_at: z.string(),
});
const keyOutput = z.object({
  id: z.string(),
  kind: z.enum(['publishable', 'secret']),
  name: z.string(),
  prefix: z.string(),
  created_at: z.string(),
  revoked_at: z.string().nullable(),
});

const presentWorkspace = (row: WorkspaceRow) => ({ ...presentRow(row), currency: row.currency.trim() });
const presentKey = (row: ApiKeyRow) => presentRow(row, ['workspace_id']);

export function registerWorkspaceRoutes(app: HeedApp, { workspaces, outreach }: Services) {
  const tags = ['Workspace and keys'];
  app.get(
    '/v1/workspace',
    {
      config: { action: 'read' },
      schema: { tags, summary: 'The workspace of the key', response: { 200: workspaceOutput } },
    },
    async (request) => presentWorkspace(await workspaces.getWorkspace(principalOf(request).workspaceId)),
  );
  app.patch(
    '/v1/workspace',
    {
      config: { action: 'administer' },
      schema: {
        tags,
        summary: 'Rename the workspace; change its currency, PII redaction, fatigue cap or data-use notice',
        description:
          'With `pii_redaction` on (the default), e-mail addresses, phone and card numbers, IBANs, IP addresses ' +
          'and street addresses in comments and feedback are replaced by placeholders such as `[email]` ' +
          'before anything is stored; the original is never written. The change applies to new comments. ' +
          '`fatigue_days` (default 30, 0 for none): a customer is asked for feedback at most once in that many ' +
          'days across every channel. `privacy_notice`: the data-use notice on every hosted survey and form ' +
          '(null restores the standard one).',
        body: z.object({
          name: requiredText(200).optional(),
          currency: currency.optional(),
          pii_redaction: z.boolean().optional(),
          fatigue_days: z.number().int('must be an integer').min(0).max(365).optional(),
          privacy_notice: requiredText(2000).nullable().optional(),
        }),
        response: { 200: workspaceOutput },
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const workspace = await workspaces.updateWorkspace(workspaceId, request.body);
      outreach.forgetSettings(workspaceId);
      return presentWorkspace(workspace);
    },
  );
  app.post(
    '/v1/keys',
    {
      config: { action: 'administer' },
      schema: {
        tags,
        summary: 'Create an API key (the full key is in the answer, once)',
        body: z.object({ kind: z.enum(['publishable', 'secret']), name: requiredText(200) }),
        response: { 201: keyOutput.extend({ key: z.string().describe('Shown once; store it now') }) },
      },
    },
    async (request, reply) => {
      const created = await workspaces.createKey(
        principalOf(request).workspaceId,
        request.body.kind,
        request.body.name,
      );
      return reply.status(201).send({ ...presentKey(created.key), key: created.secret });
    },
  );
  app.get(
    '/v1/keys',
    {
      config: { action: 'administer' },
      schema: { tags, summary: 'List API keys', response: { 200: z.object({ data: z.array(keyOutput) }) } },
    },
    async (request) => ({
      data: (await workspaces.listKeys(principalOf(request).workspaceId)).map(presentKey),
    }),
  );
  app.delete(
    '/v1/keys/:id',
    {
      config: { action: 'administer' },
      schema: { tags, summary: 'Revoke an API key', params: idParams, response: { 200: keyOutput } },
    },
    async (request) =>
      presentKey(await workspaces.revokeKey(principalOf(request).workspaceId, request.params.id)),
  );
}
