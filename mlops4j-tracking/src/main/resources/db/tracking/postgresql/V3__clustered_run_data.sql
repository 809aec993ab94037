-- A metric point is identified, as in MLflow's schema, by all of its fields: logging the very same
-- point again is a no-op, the history is ordered by (step, timestamp, value), and each point is
-- written to one index instead of a surrogate key plus a lookup index. Keep in step with
-- ../sqlite/V3__clustered_run_data.sql.
DELETE FROM metrics a USING metrics b
 WHERE a.id > b.id AND a.run_uuid = b.run_uuid AND a.key = b.key AND a.step = b.step
   AND a.timestamp = b.timestamp AND a.value = b.value AND a.is_nan = b.is_nan;
ALTER TABLE metrics DROP COLUMN id;
ALTER TABLE metrics ADD PRIMARY KEY (run_uuid, key, step, timestamp, value, is_nan);
DROP INDEX metrics_run_key_step;
