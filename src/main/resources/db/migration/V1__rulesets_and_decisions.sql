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

-- The audit log: one row per decision returned to a caller, partitioned by day (UTC) so
-- retention drops whole partitions. `record` is the exact JSON line (OPA decision-log
-- vocabulary); the other columns are copies for filtering, checked against it by verify.
-- hash = sha256(prev_hash || '\n' || seq || '\n' || record): a tamper-evident chain over seq.
CREATE TABLE decision_log (
    seq            BIGINT NOT NULL,
    decision_id    UUID NOT NULL,
    decided_at     TIMESTAMPTZ NOT NULL,
    command_id     TEXT NOT NULL,
    command_type   TEXT NOT NULL,
    business_key   TEXT,
    correlation_id TEXT,
    tenant         TEXT,
    owner          TEXT,
    outcome        TEXT NOT NULL,
    revision       INTEGER NOT NULL,
    record         TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL,
    PRIMARY KEY (seq, decided_at)
) PARTITION BY RANGE (decided_at);
CREATE INDEX decision_log_decision_id ON decision_log (decision_id);
CREATE INDEX decision_log_command_id ON decision_log (command_id);
CREATE INDEX decision_log_correlation_id ON decision_log (correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX decision_log_business_key ON decision_log (business_key) WHERE business_key IS NOT NULL;
CREATE INDEX decision_log_decided_at ON decision_log (decided_at);

-- The newest link of the chain. Writers lock this row per batch, which orders all replicas' batches.
CREATE TABLE audit_chain_head (
    id   BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_chain_head (seq, hash) VALUES (0, repeat('0', 64));

-- One row per command id decided (within retention): what makes decide idempotent.
CREATE TABLE command_registry (
    command_id  TEXT PRIMARY KEY,
    decision_id UUID NOT NULL,
    decided_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX command_registry_decided_at ON command_registry (decided_at);

-- The last link of each partition dropped by retention: verify starts the chain from it.
CREATE TABLE audit_chain_anchor (
    seq        BIGINT PRIMARY KEY,
    hash       TEXT NOT NULL,
    partition  TEXT NOT NULL,
    dropped_at TIMESTAMPTZ NOT NULL
);
