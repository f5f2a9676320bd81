// Settings › Your account: who is signed in, what their role may do, and changing the password (an owner made
// from the command line starts with a printed one). Changing it signs out every other browser.
import { type FormEvent, useRef, useState } from 'react';
import { ApiError, call } from '../../api/client.ts';
import { useMe } from '../../lib/member.tsx';
import { isRole, newPasswordProblem, type Problems, problemsFrom, roleSummaries } from './rules.ts';
import { showProblems, TextField } from './text-field.tsx';

export function AccountTab() {
  const me = useMe();
  return (
    <>
      <section className="card settings-card" aria-labelledby="account-heading">
        <h2 id="account-heading">You</h2>
        <dl className="settings-facts">
          <div>
            <dt>Name</dt>
            <dd>{me.member.name}</dd>
          </div>
          <div>
            <dt>E-mail address</dt>
            <dd className="wrap-anywhere">{me.member.email}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>
              {me.member.role}
              {isRole(me.member.role) ? ` — ${roleSummaries[me.member.role].toLowerCase()}` : ''}
            </dd>
          </div>
        </dl>
      </section>
      <section className="card settings-card" aria-labelledby="password-heading">
        <h2 id="password-heading">Change your password</h2>
        <PasswordForm />
      </section>
    </>
  );
}

const labels = { current_password: 'Current password', new_password: 'New password' };

function PasswordForm() {
  const form = useRef<HTMLFormElement>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [problems, setProblems] = useState<Problems>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function change(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const fields: Record<string, string> = {};
    if (current === '') fields.current_password = 'Enter your current password.';
    const problem = newPasswordProblem(next);
    if (problem) fields.new_password = problem;
    if (Object.keys(fields).length > 0) return showProblems(form.current, () => setProblems({ fields }));
    setBusy(true);
    try {
      await call('POST', '/v1/me/password', { current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      setProblems({ fields: {} });
      setDone(true);
    } catch (error) {
      // A wrong current password is refused as a whole (403), not field by field: it belongs beside that field.
      const found =
        error instanceof ApiError && error.status === 403
          ? { fields: { current_password: 'That is not your current password.' } }
          : problemsFrom(error, labels);
      showProblems(form.current, () => setProblems(found));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={form} onSubmit={change} noValidate className="settings-form">
      <TextField
        id="current-password"
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={current}
        onValue={setCurrent}
        problem={problems.fields.current_password}
      />
      <TextField
        id="new-password"
        label="New password"
        hint="At least 10 characters."
        type="password"
        autoComplete="new-password"
        value={next}
        onValue={setNext}
        problem={problems.fields.new_password}
      />
      {problems.form ? (
        <p className="form-error" role="alert">
          {problems.form}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
        <p className="saved" role="status">
          {done ? 'Password changed. Other browsers signed in as you have been signed out.' : ''}
        </p>
      </div>
    </form>
  );
}
