// Settings › Members: who is in the workspace and with which role, inviting someone by a one-time link, and
// the invitations not yet accepted. Only owners handle the owner role; the API refuses the rest anyway.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { call, useGet } from '../../api/client.ts';
import { QueryStatus } from '../../components/page.tsx';
import { formatDate } from '../../lib/format.ts';
import { useCan, useMe } from '../../lib/member.tsx';
import { type CreatedInvitation, type Invitation, type MemberRow, paths } from './api.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { CopyField } from './copy-field.tsx';
import {
  aRole,
  emailProblem,
  grantableRoles,
  isRole,
  mayHandleRole,
  type Problems,
  problemsFrom,
  type Role,
  roleSummaries,
} from './rules.ts';
import { showProblems, TextField } from './text-field.tsx';

const roleName = (role: Role) => `${role[0].toUpperCase()}${role.slice(1)}`;

export function MembersTab() {
  const me = useMe();
  if (!useCan('administer')) {
    const role = isRole(me.member.role) ? me.member.role : null;
    return (
      <div className="notice">
        <p>
          Owners and admins invite people and choose their roles. Your role is{' '}
          <strong>{me.member.role}</strong>
          {role ? `: ${roleSummaries[role].toLowerCase()}.` : '.'}
        </p>
      </div>
    );
  }
  return (
    <>
      <InviteCard />
      <MemberList />
      <PendingInvitations />
      <RoleGuide />
    </>
  );
}

function InviteCard() {
  const me = useMe();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [problems, setProblems] = useState<Problems>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);

  async function invite(event: FormEvent) {
    event.preventDefault();
    const problem = emailProblem(email);
    if (problem) return showProblems(form.current, () => setProblems({ fields: { email: problem } }));
    setBusy(true);
    try {
      const invitation = await call<CreatedInvitation>('POST', paths.invitations, {
        email: email.trim(),
        role,
      });
      await queryClient.invalidateQueries({ queryKey: [paths.invitations] });
      flushSync(() => {
        setCreated(invitation);
        setEmail('');
        setProblems({ fields: {} });
      });
      document.getElementById('invitation-created')?.focus();
    } catch (error) {
      showProblems(form.current, () =>
        setProblems(problemsFrom(error, { email: 'E-mail address', role: 'Role' })),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card settings-card" aria-labelledby="invite-heading">
      <h2 id="invite-heading" ref={heading} tabIndex={-1}>
        Invite someone
      </h2>
      {created ? (
        <section className="new-secret" aria-labelledby="invitation-created">
          <p id="invitation-created" className="new-secret-title" tabIndex={-1}>
            Invitation for {created.email} ({created.role}) created
          </p>
          <p className="warning">
            Send this link to {created.email} yourself; Heed shows it only now. It works once, until{' '}
            {formatDate(created.expires_at)}.
          </p>
          <CopyField label="Invitation link" value={created.url} />
          <button
            type="button"
            className="secondary"
            onClick={() => {
              flushSync(() => setCreated(null));
              heading.current?.focus();
            }}
          >
            Invite someone else
          </button>
        </section>
      ) : (
        <form ref={form} onSubmit={invite} noValidate className="settings-form invite-form">
          <TextField
            id="invite-email"
            label="E-mail address"
            type="email"
            inputMode="email"
            autoComplete="off"
            value={email}
            onValue={setEmail}
            problem={problems.fields.email}
          />
          <div className="field">
            <label htmlFor="invite-role">Role</label>
            <select
              id="invite-role"
              value={role}
              onChange={(event) => isRole(event.target.value) && setRole(event.target.value)}
              aria-describedby="invite-role-help"
            >
              {grantableRoles(me.member.role).map((option) => (
                <option key={option} value={option}>
                  {roleName(option)}
                </option>
              ))}
            </select>
            <p className="field-hint" id="invite-role-help">
              {roleSummaries[role]}.
            </p>
          </div>
          {problems.form ? (
            <p className="form-error" role="alert">
              {problems.form}
            </p>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Creating…' : 'Create invitation link'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function MemberList() {
  const me = useMe();
  const queryClient = useQueryClient();
  const members = useGet<{ data: MemberRow[] }>(paths.members);
  const heading = useRef<HTMLHeadingElement>(null);
  const [removing, setRemoving] = useState<MemberRow | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);

  async function remove() {
    if (!removing) return;
    setBusy(true);
    setDialogError(null);
    try {
      await call('DELETE', `${paths.members}/${removing.id}`);
      await queryClient.invalidateQueries({ queryKey: [paths.members] });
      setStatus({ text: `Removed ${removing.name || removing.email}.`, failed: false });
      setRemoving(null);
    } catch (error) {
      setDialogError(error instanceof Error ? error.message : 'The member could not be removed.');
    } finally {
      setBusy(false);
    }
  }

  async function changeRole(member: MemberRow, role: Role) {
    try {
      await call('PATCH', `${paths.members}/${member.id}`, { role });
      await queryClient.invalidateQueries({ queryKey: [paths.members] });
      setStatus({
        text: `${member.name || member.email} is now ${aRole(role)}.`,
        failed: false,
      });
      return true;
    } catch (error) {
      setStatus({
        text: error instanceof Error ? error.message : 'The role could not be changed.',
        failed: true,
      });
      return false;
    }
  }

  return (
    <section className="settings-section" aria-labelledby="members-heading">
      <h2 id="members-heading" ref={heading} tabIndex={-1}>
        Members
      </h2>
      <QueryStatus isLoading={members.isLoading} error={members.error} />
      <p className={status?.failed ? 'form-error' : 'saved'} role={status?.failed ? 'alert' : 'status'}>
        {status?.text ?? ''}
      </p>
      {members.data ? (
        <div className="table-scroll">
          <table className="data-table settings-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data.data.map((member) => {
                const self = member.id === me.member.id;
                const handled = !self && mayHandleRole(me.member.role, member.role);
                return (
                  <tr key={member.id}>
                    <th scope="row" data-label="Name">
                      {member.name}
                      {self ? <span className="you"> (you)</span> : null}
                    </th>
                    <td data-label="E-mail" className="wrap-anywhere">
                      {member.email}
                    </td>
                    <td data-label="Role">
                      {handled ? (
                        <RoleChanger member={member} myRole={me.member.role} onChange={changeRole} />
                      ) : (
                        roleName(member.role)
                      )}
                    </td>
                    <td data-label="Joined">{formatDate(member.created_at)}</td>
                    <td className="row-actions">
                      {handled ? (
                        <button
                          type="button"
                          className="secondary danger-text"
                          onClick={() => {
                            setDialogError(null);
                            setRemoving(member);
                          }}
                        >
                          Remove<span className="visually-hidden"> {member.name || member.email}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title="Remove this member?"
        confirmLabel="Remove member"
        busyLabel="Removing…"
        busy={busy}
        error={dialogError}
        onConfirm={remove}
        onCancel={() => setRemoving(null)}
        fallbackFocus={heading}
      >
        <p>
          {removing?.name} ({removing?.email}) is signed out everywhere and can no longer sign in to this
          workspace. To bring them back, invite them again.
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** A role picker that changes nothing until its button is pressed: arrow keys on a select must not demote anyone. */
function RoleChanger({
  member,
  myRole,
  onChange,
}: {
  member: MemberRow;
  myRole: string;
  onChange: (member: MemberRow, role: Role) => Promise<boolean>;
}) {
  const [role, setRole] = useState<Role>(member.role);
  const [busy, setBusy] = useState(false);
  const id = `role-${member.id}`;
  return (
    <div className="role-changer">
      <label htmlFor={id} className="visually-hidden">
        Role of {member.name || member.email}
      </label>
      <select
        id={id}
        value={role}
        onChange={(event) => isRole(event.target.value) && setRole(event.target.value)}
      >
        {grantableRoles(myRole).map((option) => (
          <option key={option} value={option}>
            {roleName(option)}
          </option>
        ))}
      </select>
      {role !== member.role ? (
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            if (!(await onChange(member, role))) setRole(member.role);
            setBusy(false);
          }}
        >
          {busy ? 'Saving…' : 'Save role'}
          <span className="visually-hidden"> of {member.name || member.email}</span>
        </button>
      ) : null}
    </div>
  );
}

function PendingInvitations() {
  const me = useMe();
  const queryClient = useQueryClient();
  const invitations = useGet<{ data: Invitation[] }>(paths.invitations);
  const heading = useRef<HTMLHeadingElement>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const who = (invitation: Invitation | null) => invitation?.email ?? 'the setup link';

  async function revoke() {
    if (!revoking) return;
    setBusy(true);
    setError(null);
    try {
      await call('DELETE', `${paths.invitations}/${revoking.id}`);
      await queryClient.invalidateQueries({ queryKey: [paths.invitations] });
      setStatus(`Revoked the invitation for ${who(revoking)}.`);
      setRevoking(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'The invitation could not be revoked.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="settings-section" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading" ref={heading} tabIndex={-1}>
        Pending invitations
      </h2>
      <QueryStatus isLoading={invitations.isLoading} error={invitations.error} />
      <p className="saved" role="status">
        {status}
      </p>
      {invitations.data && invitations.data.data.length === 0 ? (
        <p className="card-muted">No invitation is waiting to be accepted.</p>
      ) : null}
      {invitations.data && invitations.data.data.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table settings-table">
            <thead>
              <tr>
                <th scope="col">Invited</th>
                <th scope="col">Role</th>
                <th scope="col">Sent</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.data.data.map((invitation) => (
                <tr key={invitation.id}>
                  <th scope="row" data-label="Invited" className="wrap-anywhere">
                    {invitation.email ?? 'Setup link (whoever opens it gives their address)'}
                  </th>
                  <td data-label="Role">{roleName(invitation.role)}</td>
                  <td data-label="Sent">{formatDate(invitation.created_at)}</td>
                  <td data-label="Expires">{formatDate(invitation.expires_at)}</td>
                  <td className="row-actions">
                    {mayHandleRole(me.member.role, invitation.role) ? (
                      <button
                        type="button"
                        className="secondary danger-text"
                        onClick={() => {
                          setError(null);
                          setRevoking(invitation);
                        }}
                      >
                        Revoke<span className="visually-hidden"> the invitation for {who(invitation)}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this invitation?"
        confirmLabel="Revoke invitation"
        busyLabel="Revoking…"
        busy={busy}
        error={error}
        onConfirm={revoke}
        onCancel={() => setRevoking(null)}
        fallbackFocus={heading}
      >
        <p>The link sent to {who(revoking)} stops working. You can invite them again later.</p>
      </ConfirmDialog>
    </section>
  );
}

function RoleGuide() {
  return (
    <section className="settings-section" aria-labelledby="roles-heading">
      <h2 id="roles-heading">What each role may do</h2>
      <dl className="settings-facts role-guide">
        {Object.entries(roleSummaries).map(([role, summary]) => (
          <div key={role}>
            <dt>{roleName(role as Role)}</dt>
            <dd>{summary}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
