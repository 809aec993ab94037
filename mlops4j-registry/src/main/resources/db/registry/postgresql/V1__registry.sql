-- Model registry (PostgreSQL). Keep in step with ../sqlite/V1__registry.sql.
CREATE TABLE registered_models (
    name              TEXT   NOT NULL PRIMARY KEY,
    creation_time     BIGINT NOT NULL,
    last_updated_time BIGINT NOT NULL,
    description       TEXT,
    -- Highest version number ever given: numbers are never reused, even after a hard delete.
    last_version      BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE registered_model_tags (
    name  TEXT NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE ON DELETE CASCADE,
    key   TEXT NOT NULL,
    value TEXT,
    PRIMARY KEY (name, key)
);
CREATE TABLE model_versions (
    name              TEXT   NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE ON DELETE CASCADE,
    version           BIGINT NOT NULL,
    creation_time     BIGINT NOT NULL,
    last_updated_time BIGINT NOT NULL,
    description       TEXT,
    user_id           TEXT,
    current_stage     TEXT   NOT NULL,
    source            TEXT,
    storage_location  TEXT,
    run_id            TEXT,
    run_link          TEXT,
    status            TEXT   NOT NULL,
    status_message    TEXT,
    PRIMARY KEY (name, version)
);
CREATE INDEX model_versions_run ON model_versions (run_id);
CREATE TABLE model_version_tags (
    name    TEXT   NOT NULL,
    version BIGINT NOT NULL,
    key     TEXT   NOT NULL,
    value   TEXT,
    PRIMARY KEY (name, version, key),
    FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE TABLE registered_model_aliases (
    name    TEXT   NOT NULL,
    alias   TEXT   NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (name, alias),
    FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE ON DELETE CASCADE
);
-- Editable parts of a model card; the rest is derived from lineage when the card is read.
CREATE TABLE model_cards (
    name          TEXT   NOT NULL,
    version       BIGINT NOT NULL,
    intended_use  TEXT,
    limitations   TEXT,
    owner         TEXT,
    updated_by    TEXT,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (name, version),
    FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE TABLE approval_requests (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT   NOT NULL,
    version       BIGINT NOT NULL,
    environment   TEXT   NOT NULL,
    status        TEXT   NOT NULL,
    requested_by  TEXT   NOT NULL,
    requested_at  BIGINT NOT NULL,
    request_note  TEXT,
    decided_by    TEXT,
    decided_at    BIGINT,
    decision_note TEXT,
    FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE INDEX approval_requests_version ON approval_requests (name, version, environment);
-- Append-only: rows are inserted, never updated or deleted (model names are kept as written then).
CREATE TABLE registry_audit (
    id         BIGSERIAL PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor      TEXT   NOT NULL,
    action     TEXT   NOT NULL,
    outcome    TEXT   NOT NULL,
    model_name TEXT   NOT NULL,
    version    BIGINT,
    state_before TEXT,
    state_after  TEXT,
    detail     TEXT
);
CREATE INDEX registry_audit_model_time ON registry_audit (model_name, at);
CREATE INDEX registry_audit_time ON registry_audit (at);
