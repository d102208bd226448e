-- Identities from the identity provider: who authored each revision (four-eyes compares it with
-- the approver), whether an activation used break-glass, and which tenant a simulation is scoped to.
ALTER TABLE ruleset_revision ADD COLUMN created_by TEXT;
ALTER TABLE ruleset_activation ADD COLUMN break_glass BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE simulation ADD COLUMN tenant TEXT;
