// Authorization in one place: which principal may do what. Routes declare an action; authorize() decides.
import { Forbidden } from '../../errors.ts';

export type Action =
  /** Submit responses and feedback: what a browser may do with a publishable key. */
  | 'submit'
  /** Send lifecycle and revenue events, batches and imports. */
  | 'ingest'
  /** Read data and metrics. */
  | 'read'
  /** Change surveys, customers, keys and settings. */
  | 'manage';

export type PrincipalKind = 'publishable' | 'secret';

export interface Principal {
  workspaceId: string;
  keyId: string;
  kind: PrincipalKind;
}

const policy: Record<PrincipalKind, ReadonlySet<Action>> = {
  publishable: new Set(['submit']),
  secret: new Set(['submit', 'ingest', 'read', 'manage']),
};

export function authorize(principal: Principal, action: Action): void {
  if (!policy[principal.kind].has(action)) {
    throw new Forbidden(
      principal.kind === 'publishable'
        ? 'A publishable key may only submit responses and feedback; use a secret key on your server.'
        : `This key may not ${action}.`,
    );
  }
}
