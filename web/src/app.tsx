// Two screens so far: sign-in at /, the overview at /overview once signed in.
import { useCallback, useEffect, useState } from 'react';
import { currentMember, type Member, signOut } from './api.ts';
import { Overview } from './overview.tsx';
import { SignIn } from './sign-in.tsx';

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out'; notice?: string }
  | { kind: 'signed-in'; member: Member };

function go(path: string) {
  if (window.location.pathname !== path) window.history.pushState(null, '', path);
}

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    currentMember()
      .then((member) => {
        if (!live) return;
        if (member) {
          if (window.location.pathname === '/') window.history.replaceState(null, '', '/overview');
          setState({ kind: 'signed-in', member });
        } else {
          window.history.replaceState(null, '', '/');
          setState({ kind: 'signed-out' });
        }
      })
      .catch(() => live && setState({ kind: 'signed-out', notice: 'Heed could not be reached.' }));
    return () => {
      live = false;
    };
  }, []);

  const signedIn = useCallback((member: Member) => {
    go('/overview');
    setState({ kind: 'signed-in', member });
  }, []);

  const signedOut = useCallback(async () => {
    let notice: string | undefined;
    try {
      await signOut();
      notice = 'You have signed out.';
    } catch {
      notice = 'You have signed out of this browser.';
    }
    go('/');
    setState({ kind: 'signed-out', notice });
  }, []);

  if (state.kind === 'loading')
    return (
      <main className="loading" aria-busy="true">
        <p>Loading…</p>
      </main>
    );
  if (state.kind === 'signed-out') return <SignIn notice={state.notice} onSignedIn={signedIn} />;
  return <Overview member={state.member} onSignOut={signedOut} />;
}
