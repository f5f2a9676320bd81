// /v1/workspace and /v1/keys: the caller's workspace and its API keys.
import { z } from 'zod';
import { type HeedApp, principalOf } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { presentRow } from '../../shared/present.ts';
import { currency, idParams, requiredText } from '../../shared/schemas.ts';
import { dataLocationOf } from './data-location.ts';
import { can, type Principal } from './policy.ts';
import type { ApiKeyRow, WorkspaceRow } from './store.ts';

const workspaceOutput = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string(),
  pii_redaction: z.boolean(),
  fatigue_days: z.number(),
  privacy_notice: z.string().nullable(),
  created_at: z.string(),
  hosting: z
    .object({
      database: z.enum(['embedded', 'postgresql']),
      data_location: z
        .string()
        .nullable()
        .describe(
          "The embedded store's folder, or the PostgreSQL server's host/database (never credentials); null " +
            'unless the caller may administer the workspace',
        ),
      public_url: z
        .string()
        .nullable()
        .describe('HEED_PUBLIC_URL, the address in links customers get; null: the address each caller used'),
    })
    .describe('Where this Heed server keeps its data and how it is reached (read-only)'),
});
const keyOutput = z.object({
  id: z.string(),
  kind: z.enum(['publishable', 'secret']),
  name: z.string(),
  prefix: z.string(),
  created_at: z.string(),
  revoked_at: z.string().nullable(),
});

type Hosting = z.infer<typeof workspaceOutput>['hosting'];

const presentWorkspace = (row: WorkspaceRow, hosting: Hosting) => ({
  ...presentRow(row),
  currency: row.currency.trim(),
  hosting,
});
const presentKey = (row: ApiKeyRow) => presentRow(row, ['workspace_id']);

export function registerWorkspaceRoutes(app: HeedApp, { workspaces, outreach, config, db }: Services) {
  const tags = ['Workspace and keys'];
  const location = dataLocationOf(db.backend, config);
  /** The server's side of the settings; where the data lives is for those who administer. */
  const hostingFor = (principal: Principal): Hosting => ({
    database: location.database,
    data_location: can(principal, 'administer') ? location.where : null,
    public_url: config.publicUrl ?? null,
  });
  app.get(
    '/v1/workspace',
    {
      config: { action: 'read' },
      schema: { tags, summary: 'The workspace of the key', response: { 200: workspaceOutput } },
    },
    async (request) => {
      const principal = principalOf(request);
      return presentWorkspace(await workspaces.getWorkspace(principal.workspaceId), hostingFor(principal));
    },
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
      const principal = principalOf(request);
      const workspace = await workspaces.updateWorkspace(principal.workspaceId, request.body);
      outreach.forgetSettings(principal.workspaceId);
      return presentWorkspace(workspace, hostingFor(principal));
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
