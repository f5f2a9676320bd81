// /invite#<token>: accepting an invitation, signed in or not. The token is read from the fragment, which no
// request carries; the page asks what the link offers (workspace, role, whether an e-mail is needed: the setup
// link `heed start` prints names none), takes a name and password, then signs the new member in.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, call, storedCsrf } from '../../api/client.ts';
import { signIn, signOut } from '../../api/session.ts';
import type { InvitationOffer } from '../settings/api.ts';
import {
  aRole,
  emailProblem,
  invitationTokenFrom,
  newPasswordProblem,
  type Problems,
  problemsFrom,
  requiredProblem,
} from '../settings/rules.ts';
import { showProblems, TextField } from '../settings/text-field.tsx';

type Loaded =
  | { status: 'loading' }
  | { status: 'invalid' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; token: string; offer: InvitationOffer };

const labels = { name: 'Your name', email: 'E-mail address', password: 'Password' };

export function InvitePage({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [hash, setHash] = useState(() => window.location.hash);
  const heading = useRef<HTMLHeadingElement>(null);

  // Another link pasted into this tab changes only the fragment, which reloads nothing: follow it.
  useEffect(() => {
    const follow = () => setHash(window.location.hash);
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  useEffect(() => {
    let live = true;
    setLoaded({ status: 'loading' });
    const token = invitationTokenFrom(hash);
    if (!token) {
      setLoaded({ status: 'invalid' });
      return;
    }
    call<InvitationOffer>('GET', `/v1/invitations/${encodeURIComponent(token)}`)
      .then((offer) => live && setLoaded({ status: 'ready', token, offer }))
      .catch((error: unknown) => {
        if (!live) return;
        if (
          error instanceof ApiError &&
          (error.status === 401 || error.status === 404 || error.status === 400)
        )
          setLoaded({ status: 'invalid' });
        else setLoaded({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      live = false;
    };
  }, [hash]);

  const title =
    loaded.status === 'ready'
      ? loaded.offer.email_required
        ? 'Set up Heed'
        : `Join ${loaded.offer.workspace_name}`
      : loaded.status === 'invalid'
        ? 'This invitation cannot be used'
        : 'Invitation';

  useEffect(() => {
    document.title = `${title} · Heed`;
    if (loaded.status !== 'loading') heading.current?.focus();
  }, [title, loaded.status]);

  return (
    <main className="sign-in">
      <div className="sign-in-card invite-card">
        <p className="brand" aria-hidden="true">
          <span className="brand-mark">h</span> Heed
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {loaded.status === 'loading' ? (
          <p className="card-muted" aria-busy="true">
            Loading…
          </p>
        ) : null}
        {loaded.status === 'invalid' ? (
          <>
            <p>
              The link is not complete, or the invitation was already used, revoked or has expired. Ask
              whoever invited you for a new link.
            </p>
            <p className="card-muted">
              Setting up Heed? Start it again (<code>heed start</code>): it prints a fresh setup link while
              nobody can sign in.
            </p>
            <p>
              <a href="/">Go to sign-in</a>
            </p>
          </>
        ) : null}
        {loaded.status === 'failed' ? (
          <p className="form-error" role="alert">
            {loaded.message}
          </p>
        ) : null}
        {loaded.status === 'ready' ? (
          <AcceptForm
            key={loaded.token}
            token={loaded.token}
            offer={loaded.offer}
            onInvalid={() => setLoaded({ status: 'invalid' })}
            onSignedIn={onSignedIn}
          />
        ) : null}
      </div>
    </main>
  );
}

function AcceptForm({
  token,
  offer,
  onInvalid,
  onSignedIn,
}: {
  token: string;
  offer: InvitationOffer;
  onInvalid: () => void;
  onSignedIn: () => Promise<void>;
}) {
  const form = useRef<HTMLFormElement>(null);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [problems, setProblems] = useState<Problems>({ fields: {} });
  const [busy, setBusy] = useState(false);

  async function accept(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    const nameProblem = requiredProblem(name, 'your name');
    if (nameProblem) fields.name = nameProblem;
    if (offer.email_required) {
      const problem = emailProblem(email);
      if (problem) fields.email = problem;
    }
    const passwordProblem = newPasswordProblem(password);
    if (passwordProblem) fields.password = passwordProblem;
    if (Object.keys(fields).length > 0) return showProblems(form.current, () => setProblems({ fields }));

    setBusy(true);
    let member: { email: string };
    try {
      member = await call<{ email: string }>('POST', `/v1/invitations/${encodeURIComponent(token)}/accept`, {
        name: name.trim(),
        password,
        ...(offer.email_required ? { email: email.trim() } : {}),
      });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 401) return onInvalid();
      return showProblems(form.current, () => setProblems(problemsFrom(error, labels)));
    }
    // Used: the link leaves the address bar and history, so Back cannot offer it again.
    window.history.replaceState(null, '', '/invite');
    try {
      // Someone else signed in on this browser is signed out first, so their session does not linger.
      if (storedCsrf()) await signOut().catch(() => undefined);
      await signIn(member.email, password);
      await onSignedIn();
    } catch {
      setBusy(false);
      setProblems({
        fields: {},
        form: 'You have joined, but signing in failed. Sign in with your new password.',
      });
    }
  }

  return (
    <>
      <p>
        {offer.email_required
          ? `You are the first person in “${offer.workspace_name}”: choose how you sign in. You will be its owner.`
          : `You are invited as ${aRole(offer.role)}.`}
      </p>
      {problems.form ? (
        <p className="form-error" role="alert">
          {problems.form}
        </p>
      ) : null}
      <form ref={form} onSubmit={accept} noValidate>
        <TextField
          id="invite-name"
          label="Your name"
          autoComplete="name"
          value={name}
          onValue={setName}
          problem={problems.fields.name}
          maxLength={200}
        />
        {offer.email_required ? (
          <TextField
            id="invite-email"
            label="E-mail address"
            hint="You sign in with it."
            type="email"
            inputMode="email"
            autoComplete="username"
            value={email}
            onValue={setEmail}
            problem={problems.fields.email}
          />
        ) : (
          <p>
            You will sign in with <strong className="wrap-anywhere">{offer.email}</strong>.
            {/* For password managers: the address this password belongs to. */}
            <input type="hidden" name="username" autoComplete="username" value={offer.email ?? ''} />
          </p>
        )}
        <TextField
          id="invite-password"
          label="Choose a password"
          hint="At least 10 characters."
          type={showPassword ? 'text' : 'password'}
          autoComplete="new-password"
          value={password}
          onValue={setPassword}
          problem={problems.fields.password}
        />
        <div className="check-field">
          <input
            id="invite-show-password"
            type="checkbox"
            checked={showPassword}
            onChange={(event) => setShowPassword(event.target.checked)}
          />
          <label htmlFor="invite-show-password">Show the password</label>
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Joining…' : offer.email_required ? 'Create my account' : 'Join'}
        </button>
      </form>
    </>
  );
}
