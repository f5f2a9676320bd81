-- Text analysis: PII redaction setting, per-comment sentiment and key phrases, themes and tags, their
-- weekly rollup, and re-analysis runs.
--
-- The analyser follows the ingest log the way the rollup fold does: it reads the comments written by
-- finished transactions past its own watermark, so ingest pays nothing for it and nothing is missed.

ALTER TABLE workspaces ADD COLUMN pii_redaction boolean NOT NULL DEFAULT true;

ALTER TABLE feedback ADD COLUMN ingest_xid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX feedback_ingest_xid ON feedback USING brin (ingest_xid) WITH (pages_per_range = 16);

INSERT INTO rollup_watermarks (name, below_xid) VALUES ('text-responses', 0), ('text-feedback', 0);

-- One row per analysed comment (a response's comment, or a feedback item). The item's
-- survey, score and time are copied here so theme figures never read the fact tables.
CREATE TABLE comment_analyses (
  workspace_id uuid NOT NULL,
  item_id uuid NOT NULL,
  item_kind text NOT NULL CHECK (item_kind IN ('response', 'feedback')),
  survey_id uuid,
  score smallint,
  channel text NOT NULL,
  submitted_at timestamptz NOT NULL,
  sentiment text NOT NULL CHECK (sentiment IN ('positive', 'neutral', 'negative')),
  sentiment_score double precision NOT NULL,
  -- Lemmatised key phrases: theme discovery and re-theming read these, not the text.
  phrases text[] NOT NULL,
  analyzed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, item_id)
);
CREATE INDEX comment_analyses_submitted ON comment_analyses (workspace_id, submitted_at);
CREATE INDEX comment_analyses_sentiment ON comment_analyses (workspace_id, sentiment, item_id);

-- Automatic themes (found by discovery) and tags (made by people, applied by hand or by rules) share one
-- table, so every theme figure — volume, sentiment, trend, drivers, emerging — works for both.
CREATE TABLE themes (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('auto', 'tag')),
  -- A stable identity from the content (e.g. "checkout"): re-discovery finds the same theme again.
  key text NOT NULL,
  label text NOT NULL,
  terms text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- An automatic theme no longer found is retired, not deleted: its history stays readable.
  retired_at timestamptz,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, kind, key)
);

CREATE TABLE item_themes (
  workspace_id uuid NOT NULL,
  theme_id uuid NOT NULL,
  item_id uuid NOT NULL,
  source text NOT NULL CHECK (source IN ('auto', 'rule', 'manual')),
  PRIMARY KEY (workspace_id, theme_id, item_id),
  FOREIGN KEY (workspace_id, theme_id) REFERENCES themes (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX item_themes_item ON item_themes (workspace_id, item_id);

-- Auto-tag rules: a keyword (one word, any inflection) or an exact phrase applies a tag.
CREATE TABLE tag_rules (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  tag_id uuid NOT NULL,
  match text NOT NULL CHECK (match IN ('keyword', 'phrase')),
  pattern text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, tag_id, match, pattern),
  FOREIGN KEY (workspace_id, tag_id) REFERENCES themes (workspace_id, id) ON DELETE CASCADE
);

-- Theme figures per week: comments, sentiment and score histogram per theme and survey. The all-zero
-- theme id holds every analysed comment (the denominator of shares and of the emerging-issue test); the
-- all-zero survey id holds feedback, score -1 a comment without a score. Kept by deltas in the same
-- transaction as every change to an item's analysis or themes, so it always equals a full count.
CREATE TABLE theme_rollups (
  workspace_id uuid NOT NULL,
  theme_id uuid NOT NULL,
  week date NOT NULL,
  survey_id uuid NOT NULL,
  score smallint NOT NULL,
  comments bigint NOT NULL,
  positive bigint NOT NULL,
  negative bigint NOT NULL,
  sentiment_sum double precision NOT NULL,
  PRIMARY KEY (workspace_id, theme_id, week, survey_id, score)
);

-- Re-analysis of existing comments (after a rule change, or asked for), in chunks, with progress.
CREATE TABLE analysis_runs (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('reanalyze', 'retheme')),
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  total bigint,
  processed bigint NOT NULL DEFAULT 0,
  -- The last item done: a restarted run continues after it.
  cursor_item_id uuid,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX analysis_runs_pending ON analysis_runs (created_at) WHERE status IN ('queued', 'running');
