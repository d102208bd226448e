-- Release gate: a revision is simulated over recent decisions before it takes traffic.
-- Lifecycle DRAFT -> SIMULATED -> ACTIVE -> RETIRED (a RETIRED revision may be re-activated: rollback).
ALTER TABLE ruleset_revision DROP CONSTRAINT ruleset_revision_status_check;
ALTER TABLE ruleset_revision ADD CONSTRAINT ruleset_revision_status_check
    CHECK (status IN ('DRAFT', 'SIMULATED', 'ACTIVE', 'RETIRED'));

-- A replay of a history against a candidate revision. `source` is the resolved request (the
-- audit-log window with its filters and sequence bounds, or the uploaded file's name and size),
-- so a stored simulation says exactly what it replayed.
CREATE TABLE simulation (
    id                 UUID PRIMARY KEY,
    candidate_revision INTEGER NOT NULL REFERENCES ruleset_revision (revision),
    baseline_revision  INTEGER REFERENCES ruleset_revision (revision),
    source_kind        TEXT NOT NULL CHECK (source_kind IN ('AUDIT_LOG', 'FILE')),
    source             TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    total              BIGINT,
    processed          BIGINT NOT NULL DEFAULT 0,
    replayed           BIGINT,
    cancel_requested   BOOLEAN NOT NULL DEFAULT FALSE,
    report             TEXT,
    error              TEXT,
    requested_by       TEXT,
    created_at         TIMESTAMPTZ NOT NULL,
    started_at         TIMESTAMPTZ,
    finished_at        TIMESTAMPTZ,
    -- Touched by the replica running it; a stale heartbeat means that replica is gone.
    heartbeat_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX simulation_candidate ON simulation (candidate_revision, status);
CREATE INDEX simulation_created_at ON simulation (created_at);

-- Who activated, under which simulation, or why the gate was overridden.
ALTER TABLE ruleset_activation
    ADD COLUMN kind TEXT NOT NULL DEFAULT 'ACTIVATION' CHECK (kind IN ('BOOTSTRAP', 'ACTIVATION', 'ROLLBACK')),
    ADD COLUMN activated_by TEXT,
    ADD COLUMN simulation_id UUID REFERENCES simulation (id),
    ADD COLUMN override_reason TEXT;
UPDATE ruleset_activation SET kind = 'BOOTSTRAP' WHERE previous_revision IS NULL;
