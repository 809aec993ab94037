-- Run data keyed as it is read. Search checks a run's params, tags and latest metrics by
-- (run_uuid, key) for every candidate run, and log-batch appends metric points: as rowid tables each
-- lookup went through the primary-key index and then the table, and each point was written twice
-- (table and index). Clustered on their keys (WITHOUT ROWID) each is one B-tree.
--
-- params, tags and latest_metrics also carry their run's experiment (a run never changes
-- experiment), so that their (experiment_id, key, value) indexes serve a search within one
-- experiment: walking a metric in sort order, or starting from a param's matches, without
-- visiting the runs of every other experiment.
--
-- A metric point is identified, as in MLflow's schema, by all of its fields: logging the very same
-- point again is a no-op, and the history is ordered by (step, timestamp, value).
CREATE TABLE metrics_v3 (
    run_uuid  TEXT             NOT NULL REFERENCES runs (run_uuid),
    key       TEXT             NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    timestamp BIGINT           NOT NULL,
    step      BIGINT           NOT NULL,
    is_nan    BOOLEAN          NOT NULL,
    PRIMARY KEY (run_uuid, key, step, timestamp, value, is_nan)
) WITHOUT ROWID;
INSERT INTO metrics_v3 SELECT run_uuid, key, value, timestamp, step, is_nan FROM metrics WHERE TRUE ON CONFLICT DO NOTHING;
DROP TABLE metrics;
ALTER TABLE metrics_v3 RENAME TO metrics;

CREATE TABLE latest_metrics_v3 (
    run_uuid      TEXT             NOT NULL REFERENCES runs (run_uuid),
    key           TEXT             NOT NULL,
    value         DOUBLE PRECISION NOT NULL,
    timestamp     BIGINT           NOT NULL,
    step          BIGINT           NOT NULL,
    is_nan        BOOLEAN          NOT NULL,
    experiment_id BIGINT           NOT NULL,
    PRIMARY KEY (run_uuid, key)
) WITHOUT ROWID;
INSERT INTO latest_metrics_v3
SELECT m.run_uuid, m.key, m.value, m.timestamp, m.step, m.is_nan, r.experiment_id
  FROM latest_metrics m JOIN runs r ON r.run_uuid = m.run_uuid;
DROP TABLE latest_metrics;
ALTER TABLE latest_metrics_v3 RENAME TO latest_metrics;
CREATE INDEX latest_metrics_experiment_key_value ON latest_metrics (experiment_id, key, value);

CREATE TABLE params_v3 (
    run_uuid      TEXT   NOT NULL REFERENCES runs (run_uuid),
    key           TEXT   NOT NULL,
    value         TEXT   NOT NULL,
    experiment_id BIGINT NOT NULL,
    PRIMARY KEY (run_uuid, key)
) WITHOUT ROWID;
INSERT INTO params_v3 SELECT p.run_uuid, p.key, p.value, r.experiment_id FROM params p JOIN runs r ON r.run_uuid = p.run_uuid;
DROP TABLE params;
ALTER TABLE params_v3 RENAME TO params;
CREATE INDEX params_experiment_key_value ON params (experiment_id, key, value);

CREATE TABLE tags_v3 (
    run_uuid      TEXT   NOT NULL REFERENCES runs (run_uuid),
    key           TEXT   NOT NULL,
    value         TEXT,
    experiment_id BIGINT NOT NULL,
    PRIMARY KEY (run_uuid, key)
) WITHOUT ROWID;
INSERT INTO tags_v3 SELECT t.run_uuid, t.key, t.value, r.experiment_id FROM tags t JOIN runs r ON r.run_uuid = t.run_uuid;
DROP TABLE tags;
ALTER TABLE tags_v3 RENAME TO tags;
CREATE INDEX tags_experiment_key_value ON tags (experiment_id, key, value);
