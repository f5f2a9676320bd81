// Invitations from end to end, on both backends: the link an invite answers, the pending list (never a token),
// revoking, what a link shows before it is accepted, the first-run setup link whose invitee gives their own
// address, who may do each of these, and the setup link the real `heed start` prints.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/domains/workspaces/policy.ts';
import { backends } from './support/backends.ts';
import { type ApiAnswer, type Harness, openHarness, type TestWorkspace } from './support/harness.ts';
import { type HeedEnvironment, killAllHeedProcesses, startHeed } from './support/heed-process.ts';

interface Session {
  cookie: string;
  csrf: string;
  memberId: string;
  email: string;
}

interface Invitation {
  id: string;
  email: string | null;
  role: Role;
  created_at: string;
  expires_at: string;
  token?: string;
  url?: string;
}

interface Problem {
  code: string;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

const password = 'a long enough password';
const unknownLink = 'The invitation is unknown, already used or expired.';

describe.each(backends)('invitations on $name', (backend) => {
  let h: Harness;
  let ws: TestWorkspace;
  let owner: Session;
  let counter = 0;
  const fresh = (label: string) => `${label}-${++counter}@invitations.example`;

  beforeAll(async () => {
    h = await openHarness(backend);
    ws = await h.createWorkspace('Invitations');
    const email = fresh('owner');
    const created = await h.services.members.createOwner(ws.id, { email });
    owner = await signIn(email, created.password);
  });
  afterAll(() => h.close());

  async function signIn(email: string, pw = password): Promise<Session> {
    const response = await h.app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email, password: pw }),
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = JSON.parse(response.body) as { csrf_token: string; member: { id: string } };
    return {
      cookie: /^(heed_session=[^;]+)/.exec(String(response.headers['set-cookie']))?.[1] as string,
      csrf: body.csrf_token,
      memberId: body.member.id,
      email,
    };
  }

  function as<Body = Record<string, unknown>>(
    session: Session,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<ApiAnswer<Body>> {
    return h.api<Body>(method, url, {
      body,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    });
  }

  const accept = (token: string, body: Record<string, unknown>) =>
    h.api<Problem & { id: string; email: string; role: Role }>('POST', `/v1/invitations/${token}/accept`, {
      body,
    });
  const describeLink = (token: string) =>
    h.api<Problem & { workspace_name: string; role: Role; email: string | null; email_required: boolean }>(
      'GET',
      `/v1/invitations/${token}`,
    );

  async function memberWith(role: Role): Promise<Session> {
    const email = fresh(role);
    const invited = await as<Invitation>(owner, 'POST', '/v1/members/invitations', { email, role });
    expect(invited.status).toBe(201);
    expect((await accept(invited.body.token as string, { name: `A ${role}`, password })).status).toBe(201);
    return signIn(email);
  }

  it('answers an invite with a link to the dashboard page, the token in its fragment', async () => {
    const email = fresh('linked');
    const invited = await as<Invitation>(owner, 'POST', '/v1/members/invitations', {
      email,
      role: 'analyst',
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email, role: 'analyst' });
    expect(invited.body.token).toMatch(/^heed_inv_[\w-]{22}_[\w-]{43}$/);
    // Without HEED_PUBLIC_URL the base is the address the caller used.
    expect(invited.body.url).toBe(`http://localhost:80/invite#${invited.body.token}`);
    const configured = await openHarness(backend, { publicUrl: 'https://feedback.example.com/' });
    try {
      const other = await configured.createWorkspace('Configured');
      const answer = await configured.api<Invitation>('POST', '/v1/members/invitations', {
        key: other.secretKey,
        body: { email: 'x@configured.example', role: 'viewer' },
      });
      expect(answer.body.url).toBe(`https://feedback.example.com/invite#${answer.body.token}`);
    } finally {
      await configured.close();
    }
  });

  it('lists the pending invitations without their tokens, and neither accepted nor expired ones', async () => {
    const pending = await as<Invitation>(owner, 'POST', '/v1/members/invitations', {
      email: fresh('pending'),
      role: 'agent',
    });
    const accepted = await as<Invitation>(owner, 'POST', '/v1/members/invitations', {
      email: fresh('accepted'),
      role: 'viewer',
    });
    expect((await accept(accepted.body.token as string, { name: 'Taken', password })).status).toBe(201);
    const expired = await as<Invitation>(owner, 'POST', '/v1/members/invitations', {
      email: fresh('expired'),
      role: 'viewer',
    });
    await h.db.query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      expired.body.id,
    ]);
    const list = await as<{ data: Invitation[] }>(owner, 'GET', '/v1/members/invitations');
    expect(list.status).toBe(200);
    const ids = list.body.data.map((invitation) => invitation.id);
    expect(ids).toContain(pending.body.id);
    expect(ids).not.toContain(accepted.body.id);
    expect(ids).not.toContain(expired.body.id);
    const shown = list.body.data.find((invitation) => invitation.id === pending.body.id);
    expect(shown).toEqual({
      id: pending.body.id,
      email: pending.body.email,
      role: 'agent',
      created_at: pending.body.created_at,
      expires_at: pending.body.expires_at,
    });
    expect(JSON.stringify(list.body)).not.toContain('heed_inv_');
  });

  it('shows what a link offers before it is taken, and refuses it once accepted', async () => {
    const email = fresh('shown');
    const invited = await as<Invitation>(owner, 'POST', '/v1/members/invitations', { email, role: 'viewer' });
    const token = invited.body.token as string;
    const shown = await describeLink(token);
    expect([shown.status, shown.body]).toEqual([
      200,
      {
        workspace_name: 'Invitations',
        role: 'viewer',
        email,
        email_required: false,
        expires_at: invited.body.expires_at,
      },
    ]);
    // The invited address may be repeated, not changed.
    const changed = await accept(token, { name: 'Vi', password, email: fresh('someone-else') });
    expect([changed.status, changed.body.errors?.[0].path]).toEqual([400, 'email']);
    const taken = await accept(token, { name: 'Vi', password, email: email.toUpperCase() });
    expect([taken.status, taken.body.email, taken.body.role]).toEqual([201, email, 'viewer']);
    const again = await describeLink(token);
    expect([again.status, again.body.code, again.body.detail]).toEqual([401, 'unauthenticated', unknownLink]);
    expect((await describeLink('heed_inv_nonsense')).status).toBe(401);
    // An address that is already a member is refused at the invite, beside the field.
    const twice = await as<Problem>(owner, 'POST', '/v1/members/invitations', { email, role: 'agent' });
    expect([twice.status, twice.body.code, twice.body.errors]).toEqual([
      409,
      'conflict',
      [{ path: 'email', message: 'is already a member of this workspace' }],
    ]);
  });

  it('revokes a pending invitation: its link is refused, and revoking it again finds nothing', async () => {
    const invited = await as<Invitation>(owner, 'POST', '/v1/members/invitations', {
      email: fresh('revoked'),
      role: 'analyst',
    });
    const token = invited.body.token as string;
    const revoked = await as<Invitation>(owner, 'DELETE', `/v1/members/invitations/${invited.body.id}`);
    expect([revoked.status, revoked.body.id, revoked.body.role]).toEqual([200, invited.body.id, 'analyst']);
    expect(revoked.body).not.toHaveProperty('token');
    const refused = await accept(token, { name: 'Too late', password });
    expect([refused.status, refused.body.detail]).toEqual([401, unknownLink]);
    expect((await describeLink(token)).status).toBe(401);
    const list = await as<{ data: Invitation[] }>(owner, 'GET', '/v1/members/invitations');
    expect(list.body.data.map((invitation) => invitation.id)).not.toContain(invited.body.id);
    expect((await as(owner, 'DELETE', `/v1/members/invitations/${invited.body.id}`)).status).toBe(404);
    // An accepted invitation is a member now: that is removed as a member, not revoked.
    const used = await as<Invitation>(owner, 'POST', '/v1/members/invitations', {
      email: fresh('used'),
      role: 'viewer',
    });
    await accept(used.body.token as string, { name: 'Used', password });
    expect((await as(owner, 'DELETE', `/v1/members/invitations/${used.body.id}`)).status).toBe(409);
  });

  it('lets only an owner revoke an owner invitation; an admin revokes the others', async () => {
    const admin = await memberWith('admin');
    const ownerInvite = await as<Invitation>(owner, 'POST', '/v1/members/invitations', {
      email: fresh('next-owner'),
      role: 'owner',
    });
    expect(ownerInvite.status).toBe(201);
    const byAdmin = await as<Problem>(admin, 'DELETE', `/v1/members/invitations/${ownerInvite.body.id}`);
    expect([byAdmin.status, byAdmin.body.code]).toEqual([403, 'forbidden']);
    // A secret key acts like an admin.
    const byKey = await h.api('DELETE', `/v1/members/invitations/${ownerInvite.body.id}`, {
      key: ws.secretKey,
    });
    expect(byKey.status).toBe(403);
    expect((await describeLink(ownerInvite.body.token as string)).status).toBe(200);
    const agentInvite = await as<Invitation>(admin, 'POST', '/v1/members/invitations', {
      email: fresh('agent-invite'),
      role: 'agent',
    });
    expect((await as(admin, 'DELETE', `/v1/members/invitations/${agentInvite.body.id}`)).status).toBe(200);
    expect((await as(owner, 'DELETE', `/v1/members/invitations/${ownerInvite.body.id}`)).status).toBe(200);
  });

  it.each(['analyst', 'agent', 'viewer'] as const)(
    'refuses the %s role with 403 on every administer route, and changes nothing',
    async (role) => {
      const session = await memberWith(role);
      const invitation = await as<Invitation>(owner, 'POST', '/v1/members/invitations', {
        email: fresh('untouched'),
        role: 'viewer',
      });
      const key = await h.api<{ id: string }>('POST', '/v1/keys', {
        key: ws.secretKey,
        body: { kind: 'secret', name: 'Untouched' },
      });
      const snapshot = async () => [
        await h.db.query('SELECT id, role FROM members WHERE workspace_id = $1 ORDER BY id', [ws.id]),
        await h.db.query(
          'SELECT id FROM invitations WHERE workspace_id = $1 AND accepted_at IS NULL ORDER BY id',
          [ws.id],
        ),
        await h.db.query('SELECT id, revoked_at FROM api_keys WHERE workspace_id = $1 ORDER BY id', [ws.id]),
        await h.db.query('SELECT name, fatigue_days, pii_redaction FROM workspaces WHERE id = $1', [ws.id]),
      ];
      const before = await snapshot();
      const attempts: Array<[string, () => Promise<ApiAnswer<Problem>>]> = [
        ['GET /v1/members', () => as(session, 'GET', '/v1/members')],
        [
          'PATCH /v1/members/{id}',
          () => as(session, 'PATCH', `/v1/members/${owner.memberId}`, { role: 'viewer' }),
        ],
        ['DELETE /v1/members/{id}', () => as(session, 'DELETE', `/v1/members/${owner.memberId}`)],
        ['GET /v1/members/invitations', () => as(session, 'GET', '/v1/members/invitations')],
        [
          'POST /v1/members/invitations',
          () => as(session, 'POST', '/v1/members/invitations', { email: fresh('nope'), role: 'viewer' }),
        ],
        [
          'DELETE /v1/members/invitations/{id}',
          () => as(session, 'DELETE', `/v1/members/invitations/${invitation.body.id}`),
        ],
        ['GET /v1/keys', () => as(session, 'GET', '/v1/keys')],
        ['POST /v1/keys', () => as(session, 'POST', '/v1/keys', { kind: 'secret', name: 'Mine now' })],
        ['DELETE /v1/keys/{id}', () => as(session, 'DELETE', `/v1/keys/${key.body.id}`)],
        ['PATCH /v1/workspace', () => as(session, 'PATCH', '/v1/workspace', { fatigue_days: 1 })],
      ];
      const outcome: Record<string, string> = {};
      for (const [name, attempt] of attempts) {
        const answer = await attempt();
        outcome[name] = `${answer.status} ${answer.body.code}`;
      }
      expect(outcome).toEqual(Object.fromEntries(attempts.map(([name]) => [name, '403 forbidden'])));
      expect(await snapshot()).toEqual(before);
      // Reading the workspace is theirs, but not where its data is kept.
      const workspace = await as<{ hosting: { database: string; data_location: string | null } }>(
        session,
        'GET',
        '/v1/workspace',
      );
      expect([workspace.status, workspace.body.hosting.data_location]).toEqual([200, null]);
    },
  );

  it('tells those who administer where the data is kept, never a credential', async () => {
    const workspace = await as<{ hosting: Record<string, unknown> }>(owner, 'GET', '/v1/workspace');
    expect(workspace.body.hosting).toEqual(
      backend.name === 'pglite'
        ? {
            database: 'embedded',
            data_location: 'In memory: nothing is kept once Heed stops',
            public_url: null,
          }
        : {
            database: 'postgresql',
            data_location: expect.stringMatching(/\/heed_test_\w+$/),
            public_url: null,
          },
    );
    const byKey = await h.api<{ hosting: { data_location: string | null } }>('GET', '/v1/workspace', {
      key: ws.secretKey,
    });
    expect(byKey.body.hosting.data_location).toBe(workspace.body.hosting.data_location);
    expect(JSON.stringify(workspace.body)).not.toMatch(/postgres:\/\/|@127\.0\.0\.1/);
  });

  describe('the first-run setup link', () => {
    let empty: TestWorkspace;
    beforeAll(async () => {
      empty = await h.createWorkspace('Nobody yet');
    });

    it('needs the invitee’s e-mail, checks it beside the field, and makes them owner once', async () => {
      const { token, invitation } = await h.services.members.createSetupInvitation(empty.id);
      expect([invitation.email, invitation.role]).toEqual([null, 'owner']);
      const shown = await describeLink(token);
      expect(shown.body).toMatchObject({
        workspace_name: 'Nobody yet',
        role: 'owner',
        email: null,
        email_required: true,
      });
      const missing = await accept(token, { name: 'First', password });
      expect([missing.status, missing.body.errors]).toEqual([
        400,
        [{ path: 'email', message: 'is required: this setup link does not name an address yet' }],
      ]);
      const malformed = await accept(token, { name: 'First', password, email: 'not an address' });
      expect([malformed.status, malformed.body.errors?.map((error) => error.path)]).toEqual([400, ['email']]);
      const short = await accept(token, { name: 'First', password: 'short', email: 'first@nobody.example' });
      expect([short.status, short.body.errors?.map((error) => error.path)]).toEqual([400, ['password']]);
      // None of those used the link up.
      const taken = await accept(token, { name: 'First', password, email: ' First@Nobody.example ' });
      expect([taken.status, taken.body.email, taken.body.role]).toEqual([
        201,
        'first@nobody.example',
        'owner',
      ]);
      const first = await signIn('first@nobody.example');
      const me = await as<{ workspace_id: string; actions: string[] }>(first, 'GET', '/v1/me');
      expect([me.body.workspace_id, me.body.actions]).toEqual([
        empty.id,
        expect.arrayContaining(['administer']),
      ]);
      const again = await accept(token, { name: 'Second', password, email: 'second@nobody.example' });
      expect([again.status, again.body.detail]).toEqual([401, unknownLink]);
    });

    it('works only as the newest link, and only while the workspace has no members', async () => {
      const lonely = await h.createWorkspace('Lonely');
      const earlier = await h.services.members.createSetupInvitation(lonely.id);
      const later = await h.services.members.createSetupInvitation(lonely.id);
      expect((await describeLink(earlier.token)).status).toBe(401);
      expect((await accept(earlier.token, { name: 'E', password, email: 'e@lonely.example' })).status).toBe(
        401,
      );
      // The owner made from the CLI instead: the printed link must not make a second one.
      await h.services.members.createOwner(lonely.id, { email: 'cli@lonely.example' });
      expect((await describeLink(later.token)).status).toBe(401);
      expect((await accept(later.token, { name: 'L', password, email: 'l@lonely.example' })).status).toBe(
        401,
      );
      const members = await h.db.query<{ email: string }>(
        'SELECT email FROM members WHERE workspace_id = $1',
        [lonely.id],
      );
      expect(members.map((member) => member.email)).toEqual(['cli@lonely.example']);
    });
  });
});

describe.each(backends)('the setup link `heed start` prints, on $name', (backend) => {
  let root: string;
  const environment: HeedEnvironment = {};
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'heed-setup-'));
    environment.tmpDir = path.join(root, 'tmp');
    fs.mkdirSync(environment.tmpDir);
    if (backend.name === 'pglite') environment.dataDir = path.join(root, 'data');
    else {
      const database = await backend.create();
      environment.databaseUrl = database.databaseUrl;
      drop = database.drop;
    }
  });
  afterAll(async () => {
    await killAllHeedProcesses();
    await drop();
    fs.rmSync(root, { recursive: true, force: true });
  }, 30_000);

  const tokenOf = (link: string | undefined) => {
    expect(link).toMatch(/^http:\/\/localhost:\d+\/invite#heed_inv_[\w-]+$/);
    return (link as string).split('#')[1];
  };

  it('prints a fresh link on each start until it is used, beside the CLI way, and then none', async () => {
    const first = await startHeed(environment);
    expect(first.firstStart).toBeDefined();
    expect(first.stdout()).toContain('Nobody can sign in to "My workspace" yet.');
    expect(first.stdout()).toContain('npx heed members create-owner --email you@example.com');
    const firstToken = tokenOf(first.setupLink);
    await first.kill('SIGTERM');

    // A lost link is no dead end: the next start prints another, and the first stops working.
    const second = await startHeed(environment);
    const secondToken = tokenOf(second.setupLink);
    expect(secondToken).not.toBe(firstToken);
    const stale = await fetch(`${second.url}/v1/invitations/${firstToken}`);
    expect(stale.status).toBe(401);
    const shown = await fetch(`${second.url}/v1/invitations/${secondToken}`);
    expect(await shown.json()).toMatchObject({
      workspace_name: 'My workspace',
      role: 'owner',
      email_required: true,
    });
    const accepted = await fetch(`${second.url}/v1/invitations/${secondToken}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@setup.example', password }),
    });
    expect(accepted.status).toBe(201);
    const signedIn = await fetch(`${second.url}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@setup.example', password }),
    });
    expect(signedIn.status).toBe(200);
    await second.kill('SIGTERM');

    const third = await startHeed(environment);
    expect(third.setupLink).toBeUndefined();
    expect(third.stdout()).not.toContain('Nobody can sign in');
    await third.kill('SIGTERM');
  }, 180_000);
});
