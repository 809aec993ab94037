-- Serving (PostgreSQL). Keep in step with ../sqlite/V1__serving.sql.
-- One row per scored row: what came in, what went out, which model answered.
CREATE TABLE payload_records (
    id            BIGSERIAL PRIMARY KEY,
    request_id    TEXT   NOT NULL,
    row_index     INTEGER NOT NULL,
    endpoint      TEXT   NOT NULL,
    model_name    TEXT,
    model_version TEXT,
    traffic       TEXT   NOT NULL,
    scored_at     BIGINT NOT NULL,
    latency_ms    DOUBLE PRECISION NOT NULL,
    features      TEXT   NOT NULL,
    prediction    TEXT   NOT NULL
);
CREATE INDEX payload_records_endpoint_time ON payload_records (endpoint, scored_at);
CREATE INDEX payload_records_request ON payload_records (request_id);
-- How far the loader has moved journal segments into payload_records (same transaction as the rows).
CREATE TABLE payload_checkpoints (
    segment TEXT   NOT NULL PRIMARY KEY,
    offset_bytes BIGINT NOT NULL,
    complete BOOLEAN NOT NULL
);
