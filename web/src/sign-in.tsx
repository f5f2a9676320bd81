// The sign-in form: e-mail and password, each problem shown beside its field and announced.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from './api/client.ts';
import { type Member, signIn } from './api/session.ts';

interface Props {
  notice?: string;
  onSignedIn: (member: Member) => void;
}

interface Problems {
  email?: string;
  password?: string;
  form?: string;
}

function messageFor(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'That e-mail address and password do not match. Please try again.';
    if (error.status === 429) return 'Too many attempts. Please wait a few minutes, then try again.';
    return error.message;
  }
  return 'Something went wrong. Please try again.';
}

export function SignIn({ notice, onSignedIn }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const emailField = useRef<HTMLInputElement>(null);
  const passwordField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in · Heed';
    heading.current?.focus();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Problems = {};
    if (email.trim() === '') found.email = 'Enter your e-mail address.';
    else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim()))
      found.email = 'Enter an e-mail address like you@example.com.';
    if (password === '') found.password = 'Enter your password.';
    setProblems(found);
    if (found.email) return emailField.current?.focus();
    if (found.password) return passwordField.current?.focus();
    setBusy(true);
    try {
      const signedIn = await signIn(email.trim(), password);
      onSignedIn(signedIn.member);
    } catch (error) {
      setProblems({ form: messageFor(error) });
      setPassword('');
      setBusy(false);
      passwordField.current?.focus();
    }
  }

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <p className="brand" aria-hidden="true">
          <span className="brand-mark">h</span> Heed
        </p>
        <h1 ref={heading} tabIndex={-1}>
          Sign in to Heed
        </h1>
        {notice && !problems.form ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        <div role="alert" className={problems.form ? 'form-error' : undefined} id="sign-in-error">
          {problems.form ?? ''}
        </div>
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="email">E-mail address</label>
            <input
              ref={emailField}
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              inputMode="email"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={problems.email ? true : undefined}
              aria-describedby={problems.email ? 'email-error' : undefined}
            />
            {problems.email ? (
              <p className="field-error" id="email-error">
                {problems.email}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input
              ref={passwordField}
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={problems.password ? true : undefined}
              aria-describedby={problems.password ? 'password-error' : undefined}
            />
            {problems.password ? (
              <p className="field-error" id="password-error">
                {problems.password}
              </p>
            ) : null}
          </div>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
