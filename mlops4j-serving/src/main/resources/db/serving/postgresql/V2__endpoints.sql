-- Endpoints and their API keys (PostgreSQL). Keep in step with ../sqlite/V2__endpoints.sql.
CREATE TABLE endpoints (
    name             TEXT    NOT NULL PRIMARY KEY,
    config           TEXT    NOT NULL,
    api_key_required BOOLEAN NOT NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);
-- Every configuration an endpoint has had, newest last: rollback goes one step back.
CREATE TABLE endpoint_history (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT   NOT NULL,
    config     TEXT   NOT NULL,
    changed_by TEXT,
    changed_at BIGINT NOT NULL
);
CREATE INDEX endpoint_history_name ON endpoint_history (name, id);
-- Keys are stored as SHA-256 hashes; the key itself is shown once, at creation.
CREATE TABLE api_keys (
    id                  TEXT    NOT NULL PRIMARY KEY,
    endpoint            TEXT    NOT NULL,
    key_hash            TEXT    NOT NULL UNIQUE,
    prefix              TEXT    NOT NULL,
    description         TEXT,
    requests_per_second DOUBLE PRECISION NOT NULL,
    created_at          BIGINT  NOT NULL,
    revoked_at          BIGINT
);
CREATE INDEX api_keys_endpoint ON api_keys (endpoint);
