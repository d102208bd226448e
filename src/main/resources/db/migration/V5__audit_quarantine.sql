-- Decisions whose audit record PostgreSQL refused (a NUL in a text column, a command id larger
-- than a btree index row, …): kept here, durably, in a form PostgreSQL always accepts, so the
-- writer can go on with the rest instead of journaling for ever. Decide's boundary should stop
-- such values first; this is defence in depth.
--
-- Text that PostgreSQL may refuse is stored as bytes: UTF-8, with a lone UTF-16 surrogate as its
-- own three-byte sequence (generalised UTF-8), so the exact Java string comes back. sha256 is over
-- the record's bytes; verify recomputes it. These rows are NOT in the hash chain (audit README):
-- the chain stays exactly the decisions in decision_log.
CREATE TABLE audit_quarantine (
    id             BIGSERIAL PRIMARY KEY,
    decision_id    UUID NOT NULL UNIQUE,
    decided_at     TIMESTAMPTZ NOT NULL,
    command_id     BYTEA NOT NULL,
    tenant         BYTEA,
    record         BYTEA NOT NULL,
    sha256         TEXT NOT NULL,
    sql_state      TEXT NOT NULL,
    error          TEXT NOT NULL,
    quarantined_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_quarantine_decided_at ON audit_quarantine (decided_at);
