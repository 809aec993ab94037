-- Keep in step with ../sqlite/V5__metric_chunks.sql. (V4 changed PostgreSQL only.)
--
-- New metric points are stored in chunks: one row per run, key and write, holding that write's
-- points of the key (see MetricChunkCodec). A log-batch of 1,000 points of 10 keys is 10 rows
-- instead of 1,000 heap tuples and 1,000 entries of a six-column primary key, which cost
-- PostgreSQL 4-6 ms of index maintenance alone on two cores.
--
-- The same point logged twice (a client resending a batch) is now stored twice and collapsed when
-- the history is read, as the primary key on every field used to do when it was written.
--
-- Points logged before this migration stay in metrics, which is no longer written; reads take both.
CREATE TABLE metric_chunks (
    run_uuid TEXT   NOT NULL,
    key      TEXT   NOT NULL,
    chunk_id BIGINT GENERATED ALWAYS AS IDENTITY,
    points   BYTEA  NOT NULL,
    PRIMARY KEY (run_uuid, key, chunk_id)
);
-- Points are random doubles and packed integers: compressing them spends CPU and saves little.
-- Chunks up to a page stay in the row; larger ones go to TOAST as they are.
ALTER TABLE metric_chunks ALTER COLUMN points SET STORAGE EXTERNAL;
ALTER TABLE metric_chunks SET (toast_tuple_target = 8160);
