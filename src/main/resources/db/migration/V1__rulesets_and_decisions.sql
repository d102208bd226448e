-- Rule-set revisions: immutable content, a lifecycle status, at most one ACTIVE.
CREATE TABLE ruleset_revision (
    revision      INTEGER PRIMARY KEY,
    status        TEXT NOT NULL CHECK (status IN ('DRAFT', 'ACTIVE', 'RETIRED')),
    sha256        TEXT NOT NULL,
    rule_count    INTEGER NOT NULL,
    base_revision INTEGER REFERENCES ruleset_revision (revision),
    note          TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    activated_at  TIMESTAMPTZ
);
CREATE UNIQUE INDEX ruleset_revision_one_active ON ruleset_revision (status) WHERE status = 'ACTIVE';

CREATE TABLE ruleset_file (
    revision INTEGER NOT NULL REFERENCES ruleset_revision (revision),
    name     TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    content  BYTEA NOT NULL,
    PRIMARY KEY (revision, name)
);

-- Every activation (including rollbacks), in order.
CREATE TABLE ruleset_activation (
    id                BIGSERIAL PRIMARY KEY,
    revision          INTEGER NOT NULL REFERENCES ruleset_revision (revision),
    previous_revision INTEGER REFERENCES ruleset_revision (revision),
    activated_at      TIMESTAMPTZ NOT NULL
);

-- The audit log: one row per decision returned to a caller.
CREATE TABLE decision_log (
    decision_id    UUID PRIMARY KEY,
    command_id     TEXT NOT NULL,
    decided_at     TIMESTAMPTZ NOT NULL,
    revision       INTEGER NOT NULL,
    outcome        TEXT NOT NULL,
    owner          TEXT,
    envelope       JSONB NOT NULL,
    result         JSONB NOT NULL,
    matched_rules  TEXT[] NOT NULL,
    latency_micros BIGINT NOT NULL
);
CREATE INDEX decision_log_command_id ON decision_log (command_id);
CREATE INDEX decision_log_decided_at ON decision_log (decided_at);
