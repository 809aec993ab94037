-- MLflow 3 logged models (SQLite). Keep in step with ../postgresql/V2__logged_models.sql.
CREATE TABLE logged_models (
    model_id          TEXT   NOT NULL PRIMARY KEY,
    experiment_id     BIGINT NOT NULL REFERENCES experiments (experiment_id),
    name              TEXT   NOT NULL,
    artifact_location TEXT   NOT NULL,
    creation_time     BIGINT NOT NULL,
    last_updated_time BIGINT NOT NULL,
    status            TEXT   NOT NULL,
    model_type        TEXT,
    source_run_id     TEXT,
    lifecycle_stage   TEXT   NOT NULL
);
CREATE INDEX logged_models_experiment ON logged_models (experiment_id, creation_time);
CREATE TABLE logged_model_tags (
    model_id TEXT NOT NULL REFERENCES logged_models (model_id) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    value    TEXT,
    PRIMARY KEY (model_id, key)
);
CREATE TABLE logged_model_params (
    model_id TEXT NOT NULL REFERENCES logged_models (model_id) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (model_id, key)
);
