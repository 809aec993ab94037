-- Ground truth arriving after predictions (PostgreSQL). Keep in step with ../sqlite/V3__feedback.sql.
CREATE TABLE feedback_records (
    id          BIGSERIAL PRIMARY KEY,
    endpoint    TEXT   NOT NULL,
    request_id  TEXT,
    row_index   INTEGER,
    features    TEXT,
    label       TEXT   NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX feedback_records_endpoint_time ON feedback_records (endpoint, received_at);
CREATE INDEX feedback_records_request ON feedback_records (request_id, row_index);
