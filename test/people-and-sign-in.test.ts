// People and sign-in: passwords, database sessions behind an HttpOnly cookie, CSRF, invitations, and the
// role × action policy table, on both backends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInLimits } from '../src/domains/members/service.ts';
import { type Role, roles } from '../src/domains/workspaces/policy.ts';
import { uuidToBase64Url } from '../src/shared/ids.ts';
import { backends } from './support/backends.ts';
import { type ApiAnswer, type Harness, openHarness, type TestWorkspace } from './support/harness.ts';

interface Session {
  cookie: string;
  csrf: string;
  memberId: string;
}

const password = 'a long enough password';

describe.each(backends)('people and sign-in on $name', (backend) => {
  let h: Harness;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let ownerEmail: string;
  let ownerPassword: string;
  let ownerId: string;
  let counter = 0;
  const fresh = (label: string) => `${label}-${++counter}@people.example`;

  beforeAll(async () => {
    h = await openHarness(backend);
    ws = await h.createWorkspace('People');
    other = await h.createWorkspace('Other people');
    ownerEmail = fresh('owner');
    const owner = await h.services.members.createOwner(ws.id, { email: ownerEmail });
    ownerPassword = owner.password;
    ownerId = owner.member.id;
  });
  afterAll(() => h.close());

  async function signInAnswer(
    email: string,
    pw: string,
    ip = '127.0.0.1',
    headers: Record<string, string> = {},
  ) {
    const response = await h.app.inject({
      method: 'POST',
      url: '/v1/session',
      remoteAddress: ip,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify({ email, password: pw }),
    });
    return {
      status: response.statusCode,
      body: JSON.parse(response.body) as Record<string, unknown>,
      setCookie: String(response.headers['set-cookie'] ?? ''),
    };
  }

  async function signIn(email: string, pw = password): Promise<Session> {
    const answer = await signInAnswer(email, pw);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const cookie = /^(heed_session=[^;]+)/.exec(answer.setCookie)?.[1] as string;
    return {
      cookie,
      csrf: answer.body.csrf_token as string,
      memberId: (answer.body.member as { id: string }).id,
    };
  }

  /** A request with a session cookie, and its CSRF token unless told otherwise. */
  function as<Body = Record<string, unknown>>(
    session: Session,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    csrf: string | null = session.csrf,
  ): Promise<ApiAnswer<Body>> {
    const headers: Record<string, string> = { cookie: session.cookie };
    if (csrf !== null) headers['x-csrf-token'] = csrf;
    return h.api<Body>(method, path, { body, headers });
  }

  /** A member of the workspace with a role, by invitation, signed in. */
  async function memberWith(role: Role, workspace = ws): Promise<Session & { email: string }> {
    const email = fresh(role);
    if (role === 'owner') {
      const owner = await h.services.members.createOwner(workspace.id, { email });
      return { ...(await signIn(email, owner.password)), email };
    }
    const invited = await h.api<{ token: string }>('POST', '/v1/members/invitations', {
      key: workspace.secretKey,
      body: { email, role },
    });
    expect(invited.status).toBe(201);
    const accepted = await h.api('POST', `/v1/invitations/${invited.body.token}/accept`, {
      body: { name: `A ${role}`, password },
    });
    expect(accepted.status).toBe(201);
    return { ...(await signIn(email)), email };
  }

  it('signs in with the printed owner password, answers /v1/me, and signs out', async () => {
    const session = await signIn(ownerEmail, ownerPassword);
    const me = await as<{ via: string; member: { id: string; role: string }; actions: string[] }>(
      session,
      'GET',
      '/v1/me',
    );
    expect([me.status, me.body.via, me.body.member.id, me.body.member.role]).toEqual([
      200,
      'session',
      ownerId,
      'owner',
    ]);
    expect(me.body.actions).toContain('administer');
    const out = await as(session, 'DELETE', '/v1/session');
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^heed_session=; Max-Age=0;/);
    expect((await as(session, 'GET', '/v1/me')).status).toBe(401);
  });

  it('answers the same 401 for a wrong password and an unknown address', async () => {
    const wrong = await signInAnswer(ownerEmail, 'not the password', '10.0.0.1');
    const unknown = await signInAnswer(fresh('nobody'), 'not the password', '10.0.0.1');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.setCookie).toBe('');
  });

  it('rate-limits failed sign-ins per address, even with the right password after', async () => {
    const viewer = await memberWith('viewer');
    for (let i = 0; i < signInLimits.perEmail; i++)
      expect((await signInAnswer(viewer.email, 'wrong password', `10.1.0.${i}`)).status).toBe(401);
    const limited = await signInAnswer(viewer.email, password, '10.1.1.1');
    expect([limited.status, limited.body.code]).toEqual([429, 'rate_limited']);
  });

  it('rate-limits failed sign-ins per client IP across addresses', async () => {
    const saved = signInLimits.perIp;
    signInLimits.perIp = 3;
    try {
      for (let i = 0; i < 3; i++)
        expect((await signInAnswer(fresh('guess'), 'wrong password', '10.2.0.1')).status).toBe(401);
      expect((await signInAnswer(ownerEmail, ownerPassword, '10.2.0.1')).status).toBe(429);
      expect((await signInAnswer(ownerEmail, ownerPassword, '10.2.0.2')).status).toBe(200);
    } finally {
      signInLimits.perIp = saved;
    }
  });

  it('sets an HttpOnly, SameSite=Lax cookie, Secure only over HTTPS from a trusted proxy', async () => {
    const plain = await signInAnswer(ownerEmail, ownerPassword);
    expect(plain.setCookie).toMatch(
      /^heed_session=heed_ss_[\w-]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    // Without HEED_TRUST_PROXY a forwarded protocol is not believed.
    const untrusted = await signInAnswer(ownerEmail, ownerPassword, '127.0.0.1', {
      'x-forwarded-proto': 'https',
    });
    expect(untrusted.setCookie).not.toMatch(/Secure/);
    const proxied = await openHarness(backend, { trustProxy: 'true' });
    try {
      const proxiedWs = await proxied.createWorkspace('Proxied');
      const owner = await proxied.services.members.createOwner(proxiedWs.id, { email: 'p@people.example' });
      const answer = await proxied.app.inject({
        method: 'POST',
        url: '/v1/session',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        payload: JSON.stringify({ email: 'p@people.example', password: owner.password }),
      });
      expect(answer.statusCode).toBe(200);
      expect(String(answer.headers['set-cookie'])).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    } finally {
      await proxied.close();
    }
  });

  it('refuses a state change made with the cookie but without the CSRF token, and accepts it with', async () => {
    const analyst = await memberWith('analyst');
    expect((await as(analyst, 'GET', '/v1/workspace', undefined, null)).status).toBe(200);
    const missing = await as<{ code: string }>(analyst, 'POST', '/v1/tags', { name: 'csrf tag' }, null);
    expect([missing.status, missing.body.code]).toEqual([403, 'forbidden']);
    const wrong = await as(analyst, 'POST', '/v1/tags', { name: 'csrf tag' }, 'x'.repeat(43));
    expect(wrong.status).toBe(403);
    expect((await h.api('GET', '/v1/tags', { key: ws.secretKey })).body).toEqual({ data: [] });
    expect((await as(analyst, 'POST', '/v1/tags', { name: 'csrf tag' })).status).toBe(201);
    // API keys need no CSRF token.
    expect((await h.api('POST', '/v1/tags', { key: ws.secretKey, body: { name: 'key tag' } })).status).toBe(
      201,
    );
  });

  it("changes the password and ends the member's other sessions", async () => {
    const agent = await memberWith('agent');
    const elsewhere = await signIn(agent.email);
    const wrongCurrent = await as(agent, 'POST', '/v1/me/password', {
      current_password: 'not it at all',
      new_password: 'another long password',
    });
    expect(wrongCurrent.status).toBe(403);
    const changed = await as(agent, 'POST', '/v1/me/password', {
      current_password: password,
      new_password: 'another long password',
    });
    expect(changed.status).toBe(204);
    expect((await as(agent, 'GET', '/v1/me')).status).toBe(200);
    expect((await as(elsewhere, 'GET', '/v1/me')).status).toBe(401);
    expect((await signInAnswer(agent.email, password)).status).toBe(401);
    expect((await signInAnswer(agent.email, 'another long password')).status).toBe(200);
    // An API key has no password to change.
    const byKey = await h.api('POST', '/v1/me/password', {
      key: ws.secretKey,
      body: { current_password: password, new_password: 'another long password' },
    });
    expect(byKey.status).toBe(403);
  });

  it('takes an invitation once, and not after it expired', async () => {
    const invited = await h.api<{ token: string; role: string; expires_at: string }>(
      'POST',
      '/v1/members/invitations',
      { key: ws.secretKey, body: { email: fresh('invitee'), role: 'viewer' } },
    );
    expect([invited.status, invited.body.role]).toEqual([201, 'viewer']);
    expect(Date.parse(invited.body.expires_at) - Date.now()).toBeGreaterThan(6 * 86_400_000);
    const accept = () =>
      h.api<{ code: string }>('POST', `/v1/invitations/${invited.body.token}/accept`, {
        body: { name: 'Vi', password },
      });
    expect((await accept()).status).toBe(201);
    expect([(await accept()).status, (await accept()).body.code]).toEqual([401, 'unauthenticated']);

    const late = await h.api<{ id: string; token: string }>('POST', '/v1/members/invitations', {
      key: ws.secretKey,
      body: { email: fresh('late'), role: 'agent' },
    });
    await h.db.query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      late.body.id,
    ]);
    const expired = await h.api('POST', `/v1/invitations/${late.body.token}/accept`, {
      body: { name: 'Late', password },
    });
    expect(expired.status).toBe(401);
    const bogus = await h.api('POST', '/v1/invitations/heed_inv_nonsense/accept', {
      body: { name: 'X', password },
    });
    expect(bogus.status).toBe(401);
  });

  describe('the role matrix', () => {
    let responseId: string;
    let tagId: string;
    beforeAll(async () => {
      const survey = await h.createSurvey(ws);
      const response = await h.api<{ id: string }>('POST', '/v1/responses', {
        key: ws.secretKey,
        body: { survey_id: survey, score: 8 },
      });
      responseId = response.body.id;
      const tag = await h.api<{ id: string }>('POST', '/v1/tags', {
        key: ws.secretKey,
        body: { name: 'matrix' },
      });
      tagId = tag.body.id;
    });

    /** A representative route of each action. */
    const probes: Record<string, (s: Session) => Promise<ApiAnswer>> = {
      submit: (s) => as(s, 'POST', '/v1/feedback', { text: 'From the dashboard' }),
      ingest: (s) => as(s, 'POST', '/v1/events', { type: 'signed_up', customer: { external_id: 'matrix' } }),
      read: (s) => as(s, 'GET', '/v1/metrics/nps'),
      tag: (s) => as(s, 'POST', `/v1/responses/${responseId}/tags`, { tag_id: tagId }),
      manage: (s) => as(s, 'POST', '/v1/tags', { name: `tag ${++counter}` }),
      administer: (s) => as(s, 'GET', '/v1/members'),
    };
    const expected: Record<Role, string[]> = {
      owner: ['submit', 'ingest', 'read', 'tag', 'manage', 'administer'],
      admin: ['submit', 'ingest', 'read', 'tag', 'manage', 'administer'],
      analyst: ['submit', 'ingest', 'read', 'tag', 'manage'],
      agent: ['submit', 'read', 'tag'],
      viewer: ['read'],
    };

    it.each(roles)('lets %s do what the policy table says, and answers 403 to the rest', async (role) => {
      const session = await memberWith(role);
      const outcome: Record<string, string> = {};
      for (const [action, probe] of Object.entries(probes)) {
        const answer = await probe(session);
        outcome[action] =
          answer.status === 403 ? 'forbidden' : answer.status < 300 ? 'allowed' : `status ${answer.status}`;
      }
      expect(outcome).toEqual(
        Object.fromEntries(
          Object.keys(probes).map((action) => [
            action,
            expected[role].includes(action) ? 'allowed' : 'forbidden',
          ]),
        ),
      );
    });
  });

  it('lets an admin manage members but neither demote nor remove an owner, nor make one', async () => {
    const admin = await memberWith('admin');
    const viewer = await memberWith('viewer');
    expect((await as(admin, 'PATCH', `/v1/members/${ownerId}`, { role: 'viewer' })).status).toBe(403);
    expect((await as(admin, 'DELETE', `/v1/members/${ownerId}`)).status).toBe(403);
    expect((await as(admin, 'PATCH', `/v1/members/${viewer.memberId}`, { role: 'owner' })).status).toBe(403);
    const invite = await as(admin, 'POST', '/v1/members/invitations', { email: fresh('o'), role: 'owner' });
    expect(invite.status).toBe(403);
    // A secret key acts like an admin here too.
    const byKey = await h.api('PATCH', `/v1/members/${ownerId}`, {
      key: ws.secretKey,
      body: { role: 'admin' },
    });
    expect(byKey.status).toBe(403);
    const promoted = await as<{ role: string }>(admin, 'PATCH', `/v1/members/${viewer.memberId}`, {
      role: 'analyst',
    });
    expect([promoted.status, promoted.body.role]).toEqual([200, 'analyst']);
    const removed = await as(admin, 'DELETE', `/v1/members/${viewer.memberId}`);
    expect(removed.status).toBe(200);
    // Removing a member ends their sessions.
    expect((await as(viewer, 'GET', '/v1/me')).status).toBe(401);
  });

  it('keeps the last owner: it can neither leave nor be demoted until another owner exists', async () => {
    const solo = await h.createWorkspace('Solo');
    const owner = await memberWith('owner', solo);
    expect((await as(owner, 'PATCH', `/v1/members/${owner.memberId}`, { role: 'admin' })).status).toBe(409);
    expect((await as(owner, 'DELETE', `/v1/members/${owner.memberId}`)).status).toBe(409);
    const second = await memberWith('admin', solo);
    expect((await as(owner, 'PATCH', `/v1/members/${second.memberId}`, { role: 'owner' })).status).toBe(200);
    expect((await as(owner, 'PATCH', `/v1/members/${owner.memberId}`, { role: 'admin' })).status).toBe(200);
  });

  it('keeps sessions inside their workspace', async () => {
    const mine = await memberWith('admin', ws);
    const theirs = await memberWith('admin', other);
    const list = await as<{ data: { email: string }[] }>(theirs, 'GET', '/v1/members');
    expect(list.body.data.map((m) => m.email)).toEqual([theirs.email]);
    expect((await as(theirs, 'PATCH', `/v1/members/${mine.memberId}`, { role: 'viewer' })).status).toBe(404);
    expect((await as(theirs, 'DELETE', `/v1/members/${mine.memberId}`)).status).toBe(404);
    const me = await as<{ workspace_id: string }>(theirs, 'GET', '/v1/me');
    expect(me.body.workspace_id).toBe(other.id);
    // The session token names its workspace: relabelled with another, it is nobody's.
    const forged = {
      ...theirs,
      cookie: theirs.cookie.replace(uuidToBase64Url(other.id), uuidToBase64Url(ws.id)),
    };
    expect(forged.cookie).not.toBe(theirs.cookie);
    expect((await as(forged, 'GET', '/v1/me')).status).toBe(401);
    // The same address in two workspaces: each password opens its own membership.
    const email = fresh('both');
    const inA = await h.services.members.createOwner(ws.id, { email });
    const inB = await h.services.members.createOwner(other.id, { email });
    const a = await signIn(email, inA.password);
    const b = await signIn(email, inB.password);
    expect((await as<{ workspace_id: string }>(a, 'GET', '/v1/me')).body.workspace_id).toBe(ws.id);
    expect((await as<{ workspace_id: string }>(b, 'GET', '/v1/me')).body.workspace_id).toBe(other.id);
  });
});
