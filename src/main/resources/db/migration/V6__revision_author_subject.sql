-- Four-eyes compares who authored a revision with who activates it by the identity provider's
-- stable subject (`sub`), not by the display name a user may change or share. Revisions stored
-- before this migration have no subject: ReleaseService compares their created_by (the name) as before.
ALTER TABLE ruleset_revision ADD COLUMN created_by_subject TEXT;
