-- Keep in step with ../sqlite/V3__clustered_run_data.sql.
--
-- A metric point is identified, as in MLflow's schema, by all of its fields: logging the very same
-- point again is a no-op, the history is ordered by (step, timestamp, value), and each point is
-- written to one index instead of a surrogate key plus a lookup index.
DELETE FROM metrics a USING metrics b
 WHERE a.id > b.id AND a.run_uuid = b.run_uuid AND a.key = b.key AND a.step = b.step
   AND a.timestamp = b.timestamp AND a.value = b.value AND a.is_nan = b.is_nan;
ALTER TABLE metrics DROP COLUMN id;
ALTER TABLE metrics ADD PRIMARY KEY (run_uuid, key, step, timestamp, value, is_nan);
DROP INDEX metrics_run_key_step;

-- params, tags and latest_metrics carry their run's experiment (a run never changes experiment),
-- so that (experiment_id, key, value) indexes serve a search within one experiment without
-- visiting the runs of every other experiment.
ALTER TABLE latest_metrics ADD COLUMN experiment_id BIGINT;
UPDATE latest_metrics m SET experiment_id = r.experiment_id FROM runs r WHERE r.run_uuid = m.run_uuid;
ALTER TABLE latest_metrics ALTER COLUMN experiment_id SET NOT NULL;
DROP INDEX latest_metrics_key_value;
CREATE INDEX latest_metrics_experiment_key_value ON latest_metrics (experiment_id, key, value);

ALTER TABLE params ADD COLUMN experiment_id BIGINT;
UPDATE params p SET experiment_id = r.experiment_id FROM runs r WHERE r.run_uuid = p.run_uuid;
ALTER TABLE params ALTER COLUMN experiment_id SET NOT NULL;
DROP INDEX params_key_value;
CREATE INDEX params_experiment_key_value ON params (experiment_id, key, value);

ALTER TABLE tags ADD COLUMN experiment_id BIGINT;
UPDATE tags t SET experiment_id = r.experiment_id FROM runs r WHERE r.run_uuid = t.run_uuid;
ALTER TABLE tags ALTER COLUMN experiment_id SET NOT NULL;
DROP INDEX tags_key_value;
CREATE INDEX tags_experiment_key_value ON tags (experiment_id, key, value);
