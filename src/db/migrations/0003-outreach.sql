-- Outreach: asking customers without pestering them. Every time a survey is shown or sent to someone is
-- recorded (a contact), so the workspace's fatigue cap holds across every channel and response rates per
-- channel can be reported; customer-facing links are signed with a per-workspace secret.

-- At most one survey per customer per `fatigue_days` across all channels (0: no cap).
ALTER TABLE workspaces ADD COLUMN fatigue_days integer NOT NULL DEFAULT 30 CHECK (fatigue_days BETWEEN 0 AND 365);
-- Signs the links customers receive (/s/{token}); 32 bytes from the server's strong random source
-- (gen_random_uuid uses it), never shown to anyone. A volatile default gives every existing row its own.
ALTER TABLE workspaces ADD COLUMN link_secret bytea NOT NULL
  DEFAULT decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex');
-- The data-use notice shown on every hosted survey and form; null: the standard notice naming the workspace.
ALTER TABLE workspaces ADD COLUMN privacy_notice text;

-- Per survey: the share of eligible people asked (the widget's visitors, an e-mail list), and a cap on
-- responses after which nobody more is asked.
ALTER TABLE surveys ADD COLUMN sample_rate real NOT NULL DEFAULT 1 CHECK (sample_rate > 0 AND sample_rate <= 1);
ALTER TABLE surveys ADD COLUMN response_quota integer CHECK (response_quota > 0);

-- Every time a survey was put in front of someone: shown (a page or widget displayed), sent (an e-mail or
-- SMS invitation), or bounced. No foreign keys, like the other fact tables: written on hot paths.
CREATE TABLE survey_contacts (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  survey_id uuid NOT NULL,
  -- null for a visitor not yet identified (a public link, the widget before identify)
  customer_id uuid,
  channel text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('shown', 'sent', 'bounced')),
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);
-- The fatigue check: when was this customer last asked?
CREATE INDEX survey_contacts_customer ON survey_contacts (workspace_id, customer_id, at) WHERE customer_id IS NOT NULL;
-- Reach per survey and channel.
CREATE INDEX survey_contacts_survey ON survey_contacts (workspace_id, survey_id, at);

-- Single-use links: the first response through one consumes its nonce, in the response's own transaction.
CREATE TABLE link_uses (
  workspace_id uuid NOT NULL,
  nonce text NOT NULL,
  response_id uuid NOT NULL,
  used_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, nonce)
);
