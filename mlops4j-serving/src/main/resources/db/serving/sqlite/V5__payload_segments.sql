-- Serving (SQLite). Keep in step with ../postgresql/V5__payload_segments.sql.
-- A batch now names its lines where they lie, a byte range of a journal segment (kept under the
-- journal's stored/ once finished), instead of holding a copy: copying every line into the database
-- was half of what payload logging cost per request. Batches loaded before hold their lines.
CREATE TABLE payload_batches_v5 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT, -- load order; never reused
    endpoint        TEXT    NOT NULL,
    model_name      TEXT,
    model_version   TEXT,
    traffic         TEXT    NOT NULL,
    records         INTEGER NOT NULL,
    first_scored_at BIGINT  NOT NULL,
    last_scored_at  BIGINT  NOT NULL,
    lines           BLOB,            -- the lines themselves (batches loaded before V5), or NULL
    segment         TEXT,            -- else the segment file holding them,
    offset_bytes    BIGINT,          -- from this byte
    length_bytes    BIGINT,          -- for this many, each line ended by its newline
    CHECK ((lines IS NULL) <> (segment IS NULL))
);
INSERT INTO payload_batches_v5 (id, endpoint, model_name, model_version, traffic, records, first_scored_at,
                                last_scored_at, lines)
SELECT id, endpoint, model_name, model_version, traffic, records, first_scored_at, last_scored_at, lines
FROM payload_batches;
DROP TABLE payload_batches;
ALTER TABLE payload_batches_v5 RENAME TO payload_batches;
CREATE INDEX payload_batches_endpoint_time ON payload_batches (endpoint, last_scored_at);
