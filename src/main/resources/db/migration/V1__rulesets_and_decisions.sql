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

-- Appends one batch in one round trip. The caller computed each row's hash from the chain head
-- it expects; the head moves only if it is still there (else 'AR001': the caller re-reads it and
-- retries), which also orders batches from several replicas. Command ids decided before are
-- returned with their original record and nothing is written (the caller drops them and retries);
-- with p_register = false (journal drains: those decisions were answered already) they are kept.
CREATE FUNCTION audit_append(
    p_expected_seq   BIGINT,
    p_expected_hash  TEXT,
    p_register       BOOLEAN,
    p_decision_ids   UUID[],
    p_decided_at     TIMESTAMPTZ[],
    p_command_ids    TEXT[],
    p_types          TEXT[],
    p_business_keys  TEXT[],
    p_correlation_ids TEXT[],
    p_tenants        TEXT[],
    p_owners         TEXT[],
    p_outcomes       TEXT[],
    p_revisions      INTEGER[],
    p_records        TEXT[],
    p_prev_hashes    TEXT[],
    p_hashes         TEXT[])
RETURNS TABLE (conflict_command_id TEXT, conflict_record TEXT)
LANGUAGE plpgsql AS $$
DECLARE
    n INTEGER := cardinality(p_decision_ids);
BEGIN
    IF p_register THEN
        -- A registry row whose decision retention dropped no longer makes the command a duplicate.
        DELETE FROM command_registry r WHERE r.command_id = ANY (p_command_ids) AND NOT EXISTS
            (SELECT 1 FROM decision_log d WHERE d.decision_id = r.decision_id AND d.decided_at = r.decided_at);
        RETURN QUERY SELECT r.command_id, d.record FROM command_registry r
            JOIN decision_log d ON d.decision_id = r.decision_id AND d.decided_at = r.decided_at
            WHERE r.command_id = ANY (p_command_ids);
        IF FOUND THEN
            RETURN;
        END IF;
    END IF;
    UPDATE audit_chain_head SET seq = p_expected_seq + n, hash = p_hashes[n]
        WHERE seq = p_expected_seq AND hash = p_expected_hash;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'audit chain head moved' USING ERRCODE = 'AR001';
    END IF;
    IF p_register THEN
        INSERT INTO command_registry (command_id, decision_id, decided_at)
            SELECT * FROM unnest(p_command_ids, p_decision_ids, p_decided_at);
    ELSE
        INSERT INTO command_registry (command_id, decision_id, decided_at)
            SELECT * FROM unnest(p_command_ids, p_decision_ids, p_decided_at) ON CONFLICT DO NOTHING;
    END IF;
    INSERT INTO decision_log (seq, decision_id, decided_at, command_id, command_type, business_key, correlation_id,
                              tenant, owner, outcome, revision, record, prev_hash, hash)
        SELECT p_expected_seq + u.ord, u.decision_id, u.decided_at, u.command_id, u.command_type, u.business_key,
               u.correlation_id, u.tenant, u.owner, u.outcome, u.revision, u.record, u.prev_hash, u.hash
        FROM unnest(p_decision_ids, p_decided_at, p_command_ids, p_types, p_business_keys, p_correlation_ids,
                    p_tenants, p_owners, p_outcomes, p_revisions, p_records, p_prev_hashes, p_hashes)
             WITH ORDINALITY AS u(decision_id, decided_at, command_id, command_type, business_key, correlation_id,
                                  tenant, owner, outcome, revision, record, prev_hash, hash, ord);
END
$$;
