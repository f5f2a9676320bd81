-- Per-survey reach rollup: responses (scored or not) and contacts (shown, sent, bounced) per workspace ×
-- survey × UTC day × channel, so the survey list can show response counts and response rates for every
-- survey in one small read instead of counting raw responses and contacts (which blocks PGlite's writers).
--
-- Folded with the response rollups, past the same watermark: the contacts ledger gets an ingest_xid and a
-- BRIN index like responses, and a read adds the raw tail above the watermark, so figures are exact.

ALTER TABLE survey_contacts ADD COLUMN ingest_xid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX survey_contacts_ingest_xid ON survey_contacts USING brin (ingest_xid) WITH (pages_per_range = 16);

-- No foreign key to surveys, like the contacts ledger it folds: a stray survey id in the ledger must not stop
-- the fold of every workspace.
CREATE TABLE survey_reach_rollups (
  workspace_id uuid NOT NULL,
  survey_id uuid NOT NULL,
  day date NOT NULL,
  channel text NOT NULL,
  responses bigint NOT NULL,
  shown bigint NOT NULL,
  sent bigint NOT NULL,
  bounced bigint NOT NULL,
  PRIMARY KEY (workspace_id, survey_id, day, channel)
);

-- The fold's lock (metrics/rollups.ts), held to the end of the migration: no fold moves the watermark between
-- the count below and the commit.
SELECT pg_advisory_xact_lock(4815162343);

-- Responses already below the watermark were folded into response_rollups before this table existed: count
-- them once here. Rows at or above it, and every existing contact (its ingest_xid is this migration's, above
-- any watermark yet reached), are folded by the next fold as usual.
INSERT INTO survey_reach_rollups (workspace_id, survey_id, day, channel, responses, shown, sent, bounced)
SELECT workspace_id, survey_id, (submitted_at AT TIME ZONE 'UTC')::date, channel, count(*), 0, 0, 0
FROM responses
WHERE ingest_xid < (SELECT below_xid FROM rollup_watermarks WHERE name = 'rollups')
GROUP BY 1, 2, 3, 4;
