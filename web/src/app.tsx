// The dashboard: sign-in at /, and once signed in, the sections of the Shell. Data is read through one
// query cache, so going back to a page shows what it showed while it refreshes.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api/client.ts';
import { currentMember, type Me, signOut } from './api/session.ts';
import { InvitePage } from './pages/invite/invite-page.tsx';
import { Shell } from './shell.tsx';
import { SignIn } from './sign-in.tsx';

type State = { kind: 'loading' } | { kind: 'signed-out'; notice?: string } | { kind: 'signed-in'; me: Me };

function go(path: string) {
  if (window.location.pathname !== path) window.history.pushState(null, '', path);
}

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  // /invite is answered whether or not someone is signed in: the invitee has no session yet.
  const [inviting, setInviting] = useState(() => window.location.pathname === '/invite');
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 30_000,
            refetchOnWindowFocus: false,
            // A refusal or a missing item will not change by asking again.
            retry: (failures, error) =>
              !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
          },
        },
      }),
  );

  const signedOut = useCallback(
    (notice?: string) => {
      queryClient.clear();
      go('/');
      setState({ kind: 'signed-out', notice });
    },
    [queryClient],
  );

  useEffect(() => {
    let live = true;
    // Checking the session would send a signed-out visitor to / and drop the invitation's fragment.
    if (window.location.pathname === '/invite') return;
    currentMember()
      .then((me) => {
        if (!live) return;
        if (me) {
          if (window.location.pathname === '/') window.history.replaceState(null, '', '/overview');
          setState({ kind: 'signed-in', me });
        } else {
          // Keep where the member was going, so signing in lands there.
          const here = window.location.pathname + window.location.search;
          if (here !== '/') sessionStorage.setItem('heed.after-sign-in', here);
          window.history.replaceState(null, '', '/');
          setState({ kind: 'signed-out' });
        }
      })
      .catch(() => live && setState({ kind: 'signed-out', notice: 'Heed could not be reached.' }));
    return () => {
      live = false;
    };
  }, []);

  // A session that ends while the app is open (expired, signed out elsewhere) shows the sign-in form.
  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        const error = event.query.state.error;
        if (error instanceof ApiError && error.status === 401)
          signedOut('Your session has ended. Please sign in again.');
      }),
    [queryClient, signedOut],
  );

  const signedIn = useCallback(async () => {
    const me = await currentMember();
    if (!me) return;
    const next = sessionStorage.getItem('heed.after-sign-in');
    sessionStorage.removeItem('heed.after-sign-in');
    go(next?.startsWith('/') && !next.startsWith('//') ? next : '/overview');
    setState({ kind: 'signed-in', me });
  }, []);

  const signOutNow = useCallback(async () => {
    let notice: string;
    try {
      await signOut();
      notice = 'You have signed out.';
    } catch {
      notice = 'You have signed out of this browser.';
    }
    signedOut(notice);
  }, [signedOut]);

  if (inviting)
    return (
      <InvitePage
        onSignedIn={async () => {
          sessionStorage.removeItem('heed.after-sign-in');
          await signedIn();
          setInviting(false);
        }}
      />
    );
  if (state.kind === 'loading')
    return (
      <main className="loading" aria-busy="true">
        <p>Loading…</p>
      </main>
    );
  if (state.kind === 'signed-out') return <SignIn notice={state.notice} onSignedIn={signedIn} />;
  return (
    <QueryClientProvider client={queryClient}>
      <Shell me={state.me} onSignOut={signOutNow} />
    </QueryClientProvider>
  );
}
