-- Keep in step with ../sqlite/V4__metric_history_without_foreign_key.sql.
--
-- A metric point no longer has a foreign key to its run. PostgreSQL checks a foreign key per
-- inserted row (a trigger that looks the run up and locks it): in a log-batch of 1,000 points those
-- checks took 40% of the time. Every write of points already looks its run up (it must be active)
-- and locks it FOR KEY SHARE, once per request, which keeps the run from being deleted just as the
-- per-row checks did. Runs are never deleted from the table today; deleting them is a soft delete.
ALTER TABLE metrics DROP CONSTRAINT IF EXISTS metrics_run_uuid_fkey;
