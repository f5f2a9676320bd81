// Workspaces (tenants) and their API keys: create, authenticate, list, revoke.
import type { Db, Queryable } from '../../db/connect.ts';
import { NotFound, Unauthenticated } from '../../errors.ts';
import { newId } from '../../shared/ids.ts';
import { TtlCache } from '../../shared/ttl-cache.ts';
import { generateKey, parseKey } from './keys.ts';
import type { Principal, PrincipalKind } from './policy.ts';

type KeyPrincipal = Extract<Principal, { keyId: string }>;

import * as store from './store.ts';

export interface CreatedKey {
  key: store.ApiKeyRow;
  /** The full key: shown once, never stored. */
  secret: string;
}

export class WorkspaceService {
  private readonly principals: TtlCache<string, KeyPrincipal>;
  private readonly redaction: TtlCache<string, boolean>;

  constructor(
    private readonly db: Db,
    keyCacheSeconds: number,
  ) {
    this.principals = new TtlCache(keyCacheSeconds * 1000, 10_000);
    this.redaction = new TtlCache(keyCacheSeconds * 1000, 10_000);
  }

  async createWorkspace(input: { name: string; currency?: string }) {
    return this.db.transaction(async (tx) => {
      const workspace = await store.insertWorkspace(tx, {
        id: newId(),
        name: input.name,
        currency: input.currency ?? 'USD',
      });
      const secret = await this.insertKey(tx, workspace.id, 'secret', 'Admin key');
      const publishable = await this.insertKey(tx, workspace.id, 'publishable', 'Browser key');
      return { workspace, secretKey: secret, publishableKey: publishable };
    });
  }

  async getWorkspace(workspaceId: string) {
    const workspace = await store.findWorkspace(this.db, workspaceId);
    if (!workspace) throw new NotFound('Workspace');
    return workspace;
  }

  async updateWorkspace(workspaceId: string, changes: store.WorkspaceChanges) {
    const workspace = await store.updateWorkspace(this.db, workspaceId, changes);
    if (!workspace) throw new NotFound('Workspace');
    this.redaction.set(workspaceId, workspace.pii_redaction);
    return workspace;
  }

  /** Whether comments are redacted before they are stored; read on every ingest, so cached briefly. */
  async redactsPii(workspaceId: string): Promise<boolean> {
    const cached = this.redaction.get(workspaceId);
    if (cached !== undefined) return cached;
    const workspace = await store.findWorkspace(this.db, workspaceId);
    // Unknown workspaces cannot ingest anyway; redacting is the safe answer.
    const redacts = workspace?.pii_redaction ?? true;
    this.redaction.set(workspaceId, redacts);
    return redacts;
  }

  createKey(workspaceId: string, kind: PrincipalKind, name: string): Promise<CreatedKey> {
    return this.insertKey(this.db, workspaceId, kind, name);
  }

  listKeys(workspaceId: string) {
    return store.listApiKeys(this.db, workspaceId);
  }

  async revokeKey(workspaceId: string, keyId: string) {
    const key = await store.revokeApiKey(this.db, workspaceId, keyId);
    if (!key) throw new NotFound('API key');
    this.principals.deleteWhere((principal) => principal.keyId === keyId);
    return key;
  }

  /** Resolves a bearer key to its principal; a short in-process cache keeps this off the database. */
  async authenticate(rawKey: string | undefined): Promise<KeyPrincipal> {
    if (!rawKey)
      throw new Unauthenticated(
        'Send an API key as "Authorization: Bearer heed_sk_…", or sign in (POST /v1/session) for a session cookie.',
      );
    const cached = this.principals.get(rawKey);
    if (cached) return cached;
    const parsed = parseKey(rawKey);
    if (!parsed) throw new Unauthenticated('The API key is malformed.');
    const row = await store.findActiveKeyByHash(this.db, parsed.workspaceId, parsed.hash);
    if (!row || row.kind !== parsed.kind) throw new Unauthenticated('The API key is unknown or revoked.');
    const principal: KeyPrincipal = { workspaceId: row.workspace_id, keyId: row.id, kind: row.kind };
    this.principals.set(rawKey, principal);
    return principal;
  }

  private async insertKey(db: Queryable, workspaceId: string, kind: PrincipalKind, name: string) {
    const generated = generateKey(kind, workspaceId);
    const key = await store.insertApiKey(db, {
      workspaceId,
      id: newId(),
      kind,
      name,
      prefix: generated.prefix,
      hash: generated.hash,
    });
    return { key, secret: generated.key };
  }
}
