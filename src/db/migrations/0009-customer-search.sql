-- Customer search and segment filter, read by the dashboard's Customers list, without scanning customers.
--
-- Search matches each word typed as the start of a word of the customer's name, e-mail address or external
-- id ("lovel" finds "Ada Lovelace", "acme" finds "bo@acme.com", "cus 12" finds "cus_123"), case-insensitively.
-- pg_trgm would also match inside words, but it is an extension: PGlite loads it only when told to at
-- start, and a PostgreSQL server may lack the contrib package. Full-text search ships with every PostgreSQL.
--
-- Words are split at punctuation first (@ . _ - + / : '), so an e-mail address or "cus_123" yields its parts
-- rather than one token the parser would keep whole. The 'simple' configuration only lower-cases: no stop
-- words, no stemming, so a name is never dropped or changed.
--
-- The document also holds the workspace as one lexeme, '@' followed by its id. The GIN index cannot start
-- with workspace_id as a B-tree does, so without it a search would collect the matches of every workspace
-- before the workspace_id filter dropped them; with it the index answers only this workspace's matches.
-- Words typed never yield a lexeme with '@' (it is a separator), so they cannot match the workspace lexeme.

-- Written with || rather than concat_ws, which is only STABLE: the body stays immutable, so the planner can
-- inline the function and match the index expression.
CREATE FUNCTION customer_search_document(workspace_id uuid, name text, email text, external_id text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ('@' || workspace_id::text)::tsvector
    || to_tsvector('simple', translate(
         coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(external_id, ''),
         '@._-+/:''', '        '))
$$;

-- The query for what was typed: this workspace's lexeme and every word as a prefix. Null when nothing
-- searchable was typed (only punctuation), which matches no customer.
CREATE FUNCTION customer_search_query(workspace_id uuid, typed text)
RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ('''@' || workspace_id::text || '''')::tsquery
    && (SELECT string_agg('''' || replace(replace(word.lexeme, '\', '\\'), '''', '''''') || ''':*', ' & ')::tsquery
        FROM unnest(to_tsvector('simple', translate(typed, '@._-+/:''', '        '))) AS word)
$$;

CREATE INDEX customers_search ON customers USING gin (customer_search_document(workspace_id, name, email, external_id));

-- The segment filter of the list (in id order, for its cursor) and the list of a workspace's segments, read
-- by skipping from one segment to the next.
CREATE INDEX customers_segment ON customers (workspace_id, segment, id) WHERE segment IS NOT NULL;
