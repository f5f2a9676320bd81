-- The Feedback inbox: one list of responses and feedback, newest first, filtered and searched without
-- scanning raw rows. Two indexes per fact table, no more, because each index is paid for by every insert:
--
-- * a B-tree on (workspace_id, submitted_at, id) walks the list in its order from a cursor, so a page costs
--   the rows it shows, and a filter most items pass (a big channel, a whole group) stops after a page;
-- * one GIN index holds the item's facets (survey, channel, segment, score) and the words of its text.
--   A filter few items pass is answered from it — facets and words combine inside the one index scan —
--   and only the matching rows are read and sorted.
--
-- The planner picks between them from the statistics ANALYZE keeps on both index expressions.
-- Sentiment and theme filters use comment_analyses and item_themes' own indexes; the customer filter uses
-- responses_customer and feedback_customer.

-- The customer's segment when they wrote, as responses keep it: an inbox filtered to a segment lists their
-- feedback too. Rows from before this migration take the customer's segment as it is now.
ALTER TABLE feedback ADD COLUMN segment text;
UPDATE feedback f SET segment = c.segment
FROM customers c
WHERE c.workspace_id = f.workspace_id AND c.id = f.customer_id AND c.segment IS NOT NULL;

-- An item's facets as GIN keys. Survey ids are unique on their own; channel, segment and score values are
-- shared by every workspace, so their keys carry the workspace id and each tenant's posting lists stay its own.
-- A null value (no segment, no score) gives a null element, which no filter matches.
CREATE FUNCTION response_inbox_keys(workspace_id uuid, survey_id uuid, channel text, segment text, score smallint)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT ARRAY[
    'survey:' || survey_id::text,
    workspace_id::text || ':channel:' || channel,
    workspace_id::text || ':segment:' || segment,
    workspace_id::text || ':score:' || score::text
  ]
$$;

CREATE FUNCTION feedback_inbox_keys(workspace_id uuid, channel text, segment text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT ARRAY[workspace_id::text || ':channel:' || channel, workspace_id::text || ':segment:' || segment]
$$;

CREATE INDEX responses_inbox_order ON responses (workspace_id, submitted_at, id);
CREATE INDEX feedback_inbox_order ON feedback (workspace_id, submitted_at, id);

-- 'simple' keeps every word as written (lower-cased, no stemming or stop words): comments come in any
-- language, and a search for a prefix ("refund" finds "refunds") covers most of what stemming would.
CREATE INDEX responses_inbox_search ON responses USING gin (
  response_inbox_keys(workspace_id, survey_id, channel, segment, score),
  to_tsvector('simple', comment)
);
CREATE INDEX feedback_inbox_search ON feedback USING gin (
  feedback_inbox_keys(workspace_id, channel, segment),
  to_tsvector('simple', text)
);
