-- Pushed signals (PUT /v1/signals/{name}). signal_latest holds each signal's newest observation,
-- shared by every replica (each reloads it into its in-memory snapshot every
-- arbiter.signals.refresh) and kept across restarts. signal_push is the record of every push as it
-- came — who pushed which value observed when — whether or not it was newer than the latest.
CREATE TABLE signal_latest (
    name        TEXT PRIMARY KEY,
    value       TEXT        NOT NULL,
    observed_at TIMESTAMPTZ NOT NULL,
    source      TEXT        NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE signal_push (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT        NOT NULL,
    value       TEXT        NOT NULL,
    observed_at TIMESTAMPTZ NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    pushed_by   TEXT,
    subject     TEXT,
    client_id   TEXT,
    applied     BOOLEAN     NOT NULL
);

CREATE INDEX signal_push_name_id ON signal_push (name, id);
CREATE INDEX signal_push_received_at ON signal_push (received_at);
