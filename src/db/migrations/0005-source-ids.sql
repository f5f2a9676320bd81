-- Source ids: the id an item has in the system it was synced or imported from (a review, a ticket, an order).
-- Uniqueness needs no index: an item with a source id gets a primary key derived from (workspace, kind,
-- source id), so a second copy conflicts on the primary key and is skipped. The column only keeps the
-- source id readable; it is null for items sent without one, which costs nothing (no default, no rewrite).
ALTER TABLE responses ADD COLUMN source_id text;
ALTER TABLE feedback ADD COLUMN source_id text;
ALTER TABLE events ADD COLUMN source_id text;
