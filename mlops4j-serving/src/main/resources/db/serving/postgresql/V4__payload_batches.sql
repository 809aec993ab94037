-- Serving (PostgreSQL). Keep in step with ../sqlite/V4__payload_batches.sql.
-- Payloads are stored as batches of journal lines, as inference tables and data capture store them,
-- instead of a row per scored row: inserting and indexing a row per prediction cost the loader more
-- CPU than scoring the prediction. A batch holds the records of one endpoint, model version and
-- traffic route, in journal order.
CREATE TABLE payload_batches (
    id              BIGSERIAL PRIMARY KEY, -- load order
    endpoint        TEXT    NOT NULL,
    model_name      TEXT,
    model_version   TEXT,
    traffic         TEXT    NOT NULL,
    records         INTEGER NOT NULL,
    first_scored_at BIGINT  NOT NULL,
    last_scored_at  BIGINT  NOT NULL,
    lines           BYTEA   NOT NULL -- UTF-8 JSON objects, one a record, each ended by a newline (PayloadCodec)
);
CREATE INDEX payload_batches_endpoint_time ON payload_batches (endpoint, last_scored_at);

INSERT INTO payload_batches (endpoint, model_name, model_version, traffic, records, first_scored_at, last_scored_at, lines)
SELECT endpoint, model_name, model_version, traffic, 1, scored_at, scored_at,
       convert_to(json_build_object('requestId', request_id, 'rowIndex', row_index, 'endpoint', endpoint,
                                    'modelName', model_name, 'modelVersion', model_version, 'traffic', traffic,
                                    'scoredAt', scored_at, 'latencyMs', latency_ms, 'features', features::json,
                                    'prediction', prediction::json)::text || E'\n', 'UTF8')
FROM payload_records ORDER BY id;
DROP TABLE payload_records;
