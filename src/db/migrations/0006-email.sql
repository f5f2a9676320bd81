-- E-mail surveys: an outbox the sender job works through (durable, retried, safe in several processes), and
-- unsubscribes, which every channel honours.

-- Set when the customer asked not to be surveyed again, on any channel; null: they may be asked.
ALTER TABLE customers ADD COLUMN unsubscribed_at timestamptz;

CREATE TABLE email_messages (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  survey_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  to_address text NOT NULL,
  -- The personal, single-use link the message carries (its score links add ?score=N), and the address
  -- customers reach Heed at, as it was when the message was queued.
  link_token text NOT NULL,
  base_url text NOT NULL,
  subject text NOT NULL,
  intro text,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'bounced', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- When the sender may take it (again): now for a new message, later after a temporary failure, and a
  -- minute ahead while one sender holds it, so a sender that died lets it go.
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  smtp_message_id text,
  queued_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, survey_id) REFERENCES surveys (workspace_id, id)
);
-- The sender's queue: only messages still to be sent are in it.
CREATE INDEX email_messages_due ON email_messages (next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX email_messages_survey ON email_messages (workspace_id, survey_id, queued_at);
-- A delivery report (a bounce arriving later by e-mail) names the message by its Message-ID.
CREATE INDEX email_messages_smtp_id ON email_messages (workspace_id, smtp_message_id) WHERE smtp_message_id IS NOT NULL;
