-- Keep in step with ../postgresql/V5__metric_chunks.sql. (V4 changed PostgreSQL only.)
--
-- New metric points are stored in chunks: one row per run, key and write, holding that write's
-- points of the key (see MetricChunkCodec). A log-batch of 1,000 points of 10 keys is 10 rows
-- instead of 1,000 entries of a six-column key.
--
-- The same point logged twice (a client resending a batch) is now stored twice and collapsed when
-- the history is read, as the primary key on every field used to do when it was written.
--
-- Points logged before this migration stay in metrics, which is no longer written; reads take both.
-- A rowid table: a chunk may be many kilobytes, too large to sit in a WITHOUT ROWID B-tree's pages.
CREATE TABLE metric_chunks (
    chunk_id INTEGER PRIMARY KEY,
    run_uuid TEXT    NOT NULL,
    key      TEXT    NOT NULL,
    points   BLOB    NOT NULL
);
CREATE INDEX metric_chunks_run_key ON metric_chunks (run_uuid, key);
