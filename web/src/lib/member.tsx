// Who is signed in and what their role may do, for every page: the UI hides what a role cannot do (the API
// refuses it anyway). The actions come from /v1/me, so the policy table lives in one place, on the server.
import { createContext, useContext } from 'react';
import type { Me } from '../api/session.ts';

export type Action = 'submit' | 'ingest' | 'read' | 'tag' | 'manage' | 'administer';

export const MemberContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MemberContext);
  if (!me) throw new Error('useMe() outside a signed-in page');
  return me;
}

/** Whether the signed-in member's role may do an action. */
export function useCan(action: Action): boolean {
  return useMe().actions.includes(action);
}
