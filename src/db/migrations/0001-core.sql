-- Heed core schema. Every tenant table starts its primary key with workspace_id and every foreign key
-- between tenant tables includes it, so Citus can distribute the tables by workspace.
--
-- The high-volume fact tables (responses, feedback, events) carry no foreign keys: a foreign-key check
-- locks the parent row for every inserted row, which measured as the largest single cost of ingest. Their
-- writers resolve the survey and customer in the same transaction, surveys are archived, never deleted,
-- and a customer's erasure deletes their facts with them.

CREATE TABLE workspaces (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  currency char(3) NOT NULL DEFAULT 'USD',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('publishable', 'secret')),
  name text NOT NULL,
  -- The first characters of the key, for people to recognise it; the key itself is stored only as a hash.
  prefix text NOT NULL,
  secret_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, secret_hash)
);

CREATE TABLE accounts (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  external_id text,
  name text,
  plan text,
  owner text,
  traits jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, external_id)
);

CREATE TABLE customers (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  external_id text,
  -- Stored trimmed and lower-cased so one address is one customer.
  email text,
  name text,
  segment text,
  account_id uuid,
  traits jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Lifecycle, kept current by lifecycle events: a customer counts from started_at until churned_at.
  started_at timestamptz NOT NULL DEFAULT now(),
  churned_at timestamptz,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, external_id),
  UNIQUE (workspace_id, email),
  FOREIGN KEY (workspace_id, account_id) REFERENCES accounts (workspace_id, id)
);
CREATE INDEX customers_started ON customers (workspace_id, started_at);
CREATE INDEX customers_churned ON customers (workspace_id, churned_at) WHERE churned_at IS NOT NULL;
CREATE INDEX customers_account ON customers (workspace_id, account_id) WHERE account_id IS NOT NULL;

CREATE TABLE surveys (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('nps', 'csat', 'ces', 'custom')),
  name text NOT NULL,
  language text NOT NULL DEFAULT 'en',
  -- The rating question every metric reads; null only for custom surveys without a rating.
  question text,
  scale_min smallint,
  scale_max smallint,
  rating_style text NOT NULL DEFAULT 'numeric' CHECK (rating_style IN ('numeric', 'stars')),
  -- Further questions (custom surveys and follow-ups), validated by the application.
  questions jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  archived_at timestamptz,
  PRIMARY KEY (workspace_id, id),
  CHECK ((scale_min IS NULL) = (scale_max IS NULL) AND (scale_min IS NULL OR scale_min < scale_max))
);

CREATE TABLE responses (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  survey_id uuid NOT NULL,
  -- null for an anonymous response (a public link or widget before identify)
  customer_id uuid,
  account_id uuid,
  -- The customer's segment when they answered: metrics group by what was true then.
  segment text,
  channel text NOT NULL,
  score smallint,
  comment text,
  answers jsonb,
  metadata jsonb,
  submitted_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- The writing transaction's id (epoch-extended, as bigint): rows below the rollup watermark are folded,
  -- rows at or above it are the live tail.
  ingest_xid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
  PRIMARY KEY (workspace_id, id)
);
-- Rows arrive in transaction order, so a BRIN index finds the tail (the newest pages) for a fraction of
-- a B-tree's upkeep; xid8 has no BRIN operator class, hence the bigint.
CREATE INDEX responses_ingest_xid ON responses USING brin (ingest_xid) WITH (pages_per_range = 16);
CREATE INDEX responses_customer ON responses (workspace_id, customer_id, submitted_at);
CREATE INDEX responses_account ON responses (workspace_id, account_id, submitted_at) WHERE account_id IS NOT NULL;

CREATE TABLE feedback (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid,
  channel text NOT NULL,
  text text NOT NULL,
  source text,
  metadata jsonb,
  submitted_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX feedback_customer ON feedback (workspace_id, customer_id, submitted_at);

CREATE TABLE events (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('signed_up', 'purchase', 'subscription_started', 'subscription_cancelled', 'churned', 'custom')),
  name text,
  amount_minor bigint,
  currency char(3),
  properties jsonb,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  CHECK ((type = 'purchase') = (amount_minor IS NOT NULL AND currency IS NOT NULL))
);
CREATE INDEX events_customer ON events (workspace_id, customer_id, occurred_at);

-- Revenue per customer and currency, kept current at ingest: CLV and concentration read it, not raw events.
CREATE TABLE customer_revenue (
  workspace_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  currency char(3) NOT NULL,
  revenue_minor bigint NOT NULL,
  purchases integer NOT NULL,
  first_purchase_at timestamptz NOT NULL,
  last_purchase_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, customer_id, currency),
  FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id)
);

-- Metric rollup: responses per workspace × survey × day × segment × channel × score.
-- Every score metric (NPS, CSAT, CES, means, variances) is a function of this histogram.
CREATE TABLE response_rollups (
  workspace_id uuid NOT NULL,
  survey_id uuid NOT NULL,
  day date NOT NULL,
  segment text NOT NULL,
  channel text NOT NULL,
  score smallint NOT NULL,
  responses bigint NOT NULL,
  PRIMARY KEY (workspace_id, survey_id, day, segment, channel, score),
  FOREIGN KEY (workspace_id, survey_id) REFERENCES surveys (workspace_id, id)
);

-- Customer lifecycle as an append-only log of changes: +1/−1 customers started and churned on a day in a
-- segment. A trigger on customers writes it, so no writer can forget to; retention reads its rollup.
CREATE TABLE lifecycle_changes (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  day date NOT NULL,
  segment text NOT NULL,
  started integer NOT NULL,
  churned integer NOT NULL,
  ingest_xid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX lifecycle_changes_ingest_xid ON lifecycle_changes USING brin (ingest_xid) WITH (pages_per_range = 16);

CREATE TABLE lifecycle_rollups (
  workspace_id uuid NOT NULL,
  day date NOT NULL,
  segment text NOT NULL,
  started bigint NOT NULL,
  churned bigint NOT NULL,
  PRIMARY KEY (workspace_id, day, segment)
);

CREATE FUNCTION record_lifecycle_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_start date; new_start date; old_churn date; new_churn date; old_segment text; new_segment text;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    old_start := (OLD.started_at AT TIME ZONE 'UTC')::date;
    old_churn := (OLD.churned_at AT TIME ZONE 'UTC')::date;
    old_segment := coalesce(OLD.segment, '');
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    new_start := (NEW.started_at AT TIME ZONE 'UTC')::date;
    new_churn := (NEW.churned_at AT TIME ZONE 'UTC')::date;
    new_segment := coalesce(NEW.segment, '');
  END IF;
  -- A change within the same day and segment counts the same: nothing to record.
  IF TG_OP = 'UPDATE' AND (old_start, old_churn, old_segment) IS NOT DISTINCT FROM (new_start, new_churn, new_segment) THEN
    RETURN NULL;
  END IF;
  IF old_start IS NOT NULL THEN
    INSERT INTO lifecycle_changes (workspace_id, day, segment, started, churned)
    VALUES (OLD.workspace_id, old_start, old_segment, -1, 0);
  END IF;
  IF old_churn IS NOT NULL THEN
    INSERT INTO lifecycle_changes (workspace_id, day, segment, started, churned)
    VALUES (OLD.workspace_id, old_churn, old_segment, 0, -1);
  END IF;
  IF new_start IS NOT NULL THEN
    INSERT INTO lifecycle_changes (workspace_id, day, segment, started, churned)
    VALUES (NEW.workspace_id, new_start, new_segment, 1, 0);
  END IF;
  IF new_churn IS NOT NULL THEN
    INSERT INTO lifecycle_changes (workspace_id, day, segment, started, churned)
    VALUES (NEW.workspace_id, new_churn, new_segment, 0, 1);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER customers_lifecycle AFTER INSERT OR DELETE OR UPDATE OF started_at, churned_at, segment ON customers
  FOR EACH ROW EXECUTE FUNCTION record_lifecycle_change();

-- How far the rollups reach: every transaction with an id below `below_xid` is folded in.
CREATE TABLE rollup_watermarks (
  name text PRIMARY KEY,
  below_xid bigint NOT NULL
);
INSERT INTO rollup_watermarks (name, below_xid) VALUES ('rollups', 0);


CREATE TABLE idempotency_keys (
  workspace_id uuid NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  -- null while the first request is still being answered
  status_code smallint,
  response_body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
