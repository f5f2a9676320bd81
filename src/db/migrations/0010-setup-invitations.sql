-- First-run setup: `heed start` invites the first owner of a workspace that has no members through a link it
-- prints, before anyone knows the owner's address. Such an invitation names no e-mail; whoever accepts it
-- gives theirs (once, and only while the workspace still has no members).
ALTER TABLE invitations ALTER COLUMN email DROP NOT NULL;
