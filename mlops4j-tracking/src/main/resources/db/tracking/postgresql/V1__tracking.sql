-- Tracking schema (PostgreSQL). Keep in step with ../sqlite/V1__tracking.sql.
CREATE TABLE experiments (
    experiment_id     BIGSERIAL PRIMARY KEY,
    name              TEXT    NOT NULL UNIQUE,
    artifact_location TEXT,
    lifecycle_stage   TEXT    NOT NULL,
    creation_time     BIGINT  NOT NULL,
    last_update_time  BIGINT  NOT NULL
);
CREATE TABLE experiment_tags (
    experiment_id BIGINT NOT NULL REFERENCES experiments (experiment_id),
    key           TEXT   NOT NULL,
    value         TEXT,
    PRIMARY KEY (experiment_id, key)
);
CREATE TABLE runs (
    run_uuid        TEXT   NOT NULL PRIMARY KEY,
    name            TEXT,
    experiment_id   BIGINT NOT NULL REFERENCES experiments (experiment_id),
    user_id         TEXT,
    status          TEXT   NOT NULL,
    start_time      BIGINT,
    end_time        BIGINT,
    lifecycle_stage TEXT   NOT NULL,
    artifact_uri    TEXT,
    deleted_time    BIGINT
);
CREATE INDEX runs_experiment_start ON runs (experiment_id, start_time DESC, run_uuid);
CREATE TABLE params (
    run_uuid TEXT NOT NULL REFERENCES runs (run_uuid),
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (run_uuid, key)
);
CREATE INDEX params_key_value ON params (key, value);
CREATE TABLE tags (
    run_uuid TEXT NOT NULL REFERENCES runs (run_uuid),
    key      TEXT NOT NULL,
    value    TEXT,
    PRIMARY KEY (run_uuid, key)
);
CREATE INDEX tags_key_value ON tags (key, value);
-- Every logged point. NaN is stored as 0 with is_nan set (as on SQLite, so both behave the same).
CREATE TABLE metrics (
    id        BIGSERIAL PRIMARY KEY,
    run_uuid  TEXT             NOT NULL REFERENCES runs (run_uuid),
    key       TEXT             NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    timestamp BIGINT           NOT NULL,
    step      BIGINT           NOT NULL,
    is_nan    BOOLEAN          NOT NULL
);
CREATE INDEX metrics_run_key_step ON metrics (run_uuid, key, step, timestamp);
-- The point with the highest (step, timestamp) per run and key: what search filters and sorts on.
CREATE TABLE latest_metrics (
    run_uuid  TEXT             NOT NULL REFERENCES runs (run_uuid),
    key       TEXT             NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    timestamp BIGINT           NOT NULL,
    step      BIGINT           NOT NULL,
    is_nan    BOOLEAN          NOT NULL,
    PRIMARY KEY (run_uuid, key)
);
CREATE INDEX latest_metrics_key_value ON latest_metrics (key, value);
CREATE TABLE datasets (
    dataset_uuid  TEXT   NOT NULL PRIMARY KEY,
    experiment_id BIGINT NOT NULL REFERENCES experiments (experiment_id),
    name          TEXT   NOT NULL,
    digest        TEXT   NOT NULL,
    source_type   TEXT,
    source        TEXT,
    schema        TEXT,
    profile       TEXT,
    UNIQUE (experiment_id, name, digest)
);
CREATE TABLE run_inputs (
    run_uuid     TEXT NOT NULL REFERENCES runs (run_uuid),
    dataset_uuid TEXT NOT NULL REFERENCES datasets (dataset_uuid),
    PRIMARY KEY (run_uuid, dataset_uuid)
);
CREATE TABLE run_input_tags (
    run_uuid     TEXT NOT NULL,
    dataset_uuid TEXT NOT NULL,
    key          TEXT NOT NULL,
    value        TEXT,
    PRIMARY KEY (run_uuid, dataset_uuid, key),
    FOREIGN KEY (run_uuid, dataset_uuid) REFERENCES run_inputs (run_uuid, dataset_uuid)
);
