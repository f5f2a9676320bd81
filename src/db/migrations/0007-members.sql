-- People and sign-in: the members of a workspace, their sessions, one-time invitations, and recent sign-in
-- failures for rate limiting. Session and invitation tokens carry their workspace id (as API keys do), so a
-- lookup by token hash stays inside one workspace; only a SHA-256 hash of either token is stored.
CREATE TABLE members (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  -- Stored lower-cased; one membership per address in a workspace.
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'analyst', 'agent', 'viewer')),
  -- scrypt$N$r$p$salt$hash (base64url), the parameters kept beside the hash so they can be raised later.
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, email)
);
-- Sign-in names an e-mail address, not a workspace: the one query that looks across workspaces.
CREATE INDEX members_email ON members (email);

CREATE TABLE sessions (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  member_id uuid NOT NULL,
  token_hash bytea NOT NULL,
  -- Sent back in X-CSRF-Token on every state-changing request made with the session cookie.
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, token_hash),
  FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_member ON sessions (workspace_id, member_id);

CREATE TABLE invitations (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'analyst', 'agent', 'viewer')),
  token_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, token_hash)
);

-- Recent failed sign-ins, by address and by client IP, before any workspace is known: not tenant data.
CREATE TABLE sign_in_failures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  ip text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, at);
CREATE INDEX sign_in_failures_ip ON sign_in_failures (ip, at);
