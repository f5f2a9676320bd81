// /v1/session, /v1/me, /v1/members and invitations: people and how they sign in.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Forbidden } from '../../errors.ts';
import { type HeedApp, principalOf } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { presentRow } from '../../shared/present.ts';
import { email, idParams, requiredText, text } from '../../shared/schemas.ts';
import { publicBaseOf } from '../outreach/routes.ts';
import { policy, policyRowOf, roles } from '../workspaces/policy.ts';
import { clearSessionCookie, setSessionCookie } from './cookies.ts';
import { invitationUrl, type MemberPrincipal } from './service.ts';
import type { InvitationRow, MemberRow } from './store.ts';

const role = z.enum(roles);
const password = text(200).min(10, 'must be at least 10 characters');
const givenPassword = requiredText(200);
const memberOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role,
  created_at: z.string(),
});
const invitationOutput = z.object({
  id: z.string(),
  email: z
    .string()
    .nullable()
    .describe('null for the setup link `heed start` prints: whoever accepts it gives their address'),
  role,
  created_at: z.string(),
  expires_at: z.string(),
});
const invitationToken = z.object({ token: z.string().max(200) });

const presentMember = (row: MemberRow) => presentRow(row, ['workspace_id']);
const presentInvitation = (row: InvitationRow) => presentRow(row, ['workspace_id', 'accepted_at']);

/** The signed-in member; API keys belong to no one, so routes about "me" refuse them. */
function memberOf(request: FastifyRequest): MemberPrincipal {
  const principal = principalOf(request);
  if (principal.kind !== 'member') throw new Forbidden('Only a member signed in with a session may do this.');
  return principal;
}

export function registerMemberRoutes(app: HeedApp, { members, config }: Services) {
  const tags = ['People and sign-in'];
  const session = [{ session: [] }];
  app.post(
    '/v1/session',
    {
      schema: {
        tags,
        security: [],
        summary: 'Sign in with e-mail and password (sets the session cookie)',
        description:
          'Answers the member and the CSRF token to send as `X-CSRF-Token` on every POST, PATCH and DELETE ' +
          'made with the cookie. Every failure answers the same 401; repeated failures per address or per ' +
          'client IP answer 429 for a while.',
        body: z.object({ email, password: givenPassword }),
        response: { 200: z.object({ member: memberOutput, csrf_token: z.string(), expires_at: z.string() }) },
      },
    },
    async (request, reply) => {
      const signedIn = await members.signIn(request.body.email, request.body.password, request.ip);
      setSessionCookie(request, reply, signedIn.token, signedIn.expiresAt);
      return {
        member: presentMember(signedIn.member),
        csrf_token: signedIn.csrfToken,
        expires_at: signedIn.expiresAt.toISOString(),
      };
    },
  );
  app.delete(
    '/v1/session',
    { config: { action: 'read' }, schema: { tags, security: session, summary: 'Sign out' } },
    async (request, reply) => {
      await members.signOut(memberOf(request));
      clearSessionCookie(request, reply);
      return reply.status(204).send();
    },
  );
  app.get(
    '/v1/me',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'Who is calling: the signed-in member (or the API key) and what it may do',
        response: {
          200: z.object({
            workspace_id: z.string(),
            via: z.enum(['session', 'secret_key', 'publishable_key']),
            member: memberOutput.nullable(),
            actions: z.array(z.string()),
          }),
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const member =
        principal.kind === 'member'
          ? presentMember(await members.getMember(principal.workspaceId, principal.memberId))
          : null;
      return {
        workspace_id: principal.workspaceId,
        via: principal.kind === 'member' ? ('session' as const) : (`${principal.kind}_key` as const),
        member,
        actions: [...policy[policyRowOf(principal)]],
      };
    },
  );
  app.post(
    '/v1/me/password',
    {
      config: { action: 'read' },
      schema: {
        tags,
        security: session,
        summary: "Change the signed-in member's password (ends their other sessions)",
        body: z.object({ current_password: givenPassword, new_password: password }),
      },
    },
    async (request, reply) => {
      await members.changePassword(
        memberOf(request),
        request.body.current_password,
        request.body.new_password,
      );
      return reply.status(204).send();
    },
  );
  app.get(
    '/v1/members',
    {
      config: { action: 'administer' },
      schema: { tags, summary: 'List members', response: { 200: z.object({ data: z.array(memberOutput) }) } },
    },
    async (request) => ({
      data: (await members.listMembers(principalOf(request).workspaceId)).map(presentMember),
    }),
  );
  app.post(
    '/v1/members/invitations',
    {
      config: { action: 'administer' },
      schema: {
        tags,
        summary: 'Invite someone by a one-time link (the token is in the answer, once; valid 7 days)',
        description:
          "Only an owner may invite an owner. `url` opens the dashboard's page for accepting; the token is in " +
          'its fragment (after `#`), so it reaches neither server logs nor Referer headers.',
        body: z.object({ email, role }),
        response: {
          201: invitationOutput.extend({
            email: z.string(),
            token: z
              .string()
              .describe('Shown once: the invitee accepts with POST /v1/invitations/{token}/accept'),
            url: z.string().describe('Shown once: the link to send the invitee'),
          }),
        },
      },
    },
    async (request, reply) => {
      const created = await members.invite(principalOf(request), request.body);
      return reply.status(201).send({
        ...presentInvitation(created.invitation),
        email: request.body.email,
        token: created.token,
        url: invitationUrl(publicBaseOf(request, config.publicUrl), created.token),
      });
    },
  );
  app.get(
    '/v1/members/invitations',
    {
      config: { action: 'administer' },
      schema: {
        tags,
        summary: 'List the invitations not yet accepted nor expired (never their tokens)',
        response: { 200: z.object({ data: z.array(invitationOutput) }) },
      },
    },
    async (request) => ({
      data: (await members.listInvitations(principalOf(request).workspaceId)).map(presentInvitation),
    }),
  );
  app.delete(
    '/v1/members/invitations/:id',
    {
      config: { action: 'administer' },
      schema: {
        tags,
        summary: 'Revoke an invitation: its link stops working',
        description: 'Only an owner may revoke an owner invitation. An accepted invitation answers 409.',
        params: idParams,
        response: { 200: invitationOutput },
      },
    },
    async (request) =>
      presentInvitation(await members.revokeInvitation(principalOf(request), request.params.id)),
  );
  app.get(
    '/v1/invitations/:token',
    {
      schema: {
        tags,
        security: [],
        summary:
          'What an invitation link offers: the workspace, the role, and whether the invitee gives an e-mail',
        description:
          'Answers 401, as accepting would, for a link that is unknown, revoked, used or expired. ' +
          '`email_required` is true for the setup link `heed start` prints for a workspace without members.',
        params: invitationToken,
        response: {
          200: z.object({
            workspace_name: z.string(),
            role,
            email: z.string().nullable(),
            email_required: z.boolean(),
            expires_at: z.string(),
          }),
        },
      },
    },
    async (request) => {
      const invitation = await members.describeInvitation(request.params.token);
      return {
        workspace_name: invitation.workspace_name,
        role: invitation.role,
        email: invitation.email,
        email_required: invitation.email === null,
        expires_at: invitation.expires_at.toISOString(),
      };
    },
  );
  app.post(
    '/v1/invitations/:token/accept',
    {
      schema: {
        tags,
        security: [],
        summary: 'Accept an invitation: become a member with a name and password (once)',
        description:
          '`email` is required for a setup link (one that names no address) and must otherwise be left out ' +
          'or equal the invited address.',
        params: invitationToken,
        body: z.object({ name: requiredText(200), password, email: email.optional() }),
        response: { 201: memberOutput },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentMember(await members.accept(request.params.token, request.body))),
  );
  app.patch(
    '/v1/members/:id',
    {
      config: { action: 'administer' },
      schema: {
        tags,
        summary: "Change a member's role",
        description: 'Only an owner may make someone owner or change an owner; the last owner stays owner.',
        params: idParams,
        body: z.object({ role }),
        response: { 200: memberOutput },
      },
    },
    async (request) =>
      presentMember(await members.changeRole(principalOf(request), request.params.id, request.body.role)),
  );
  app.delete(
    '/v1/members/:id',
    {
      config: { action: 'administer' },
      schema: {
        tags,
        summary: 'Remove a member (and end their sessions)',
        description: 'Only an owner may remove an owner; the last owner cannot leave.',
        params: idParams,
        response: { 200: memberOutput },
      },
    },
    async (request) => presentMember(await members.remove(principalOf(request), request.params.id)),
  );
}
