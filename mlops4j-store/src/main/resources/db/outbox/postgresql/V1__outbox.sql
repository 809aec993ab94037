-- Domain events, appended in the same transaction as the change they describe.
CREATE TABLE outbox_events (
    id         BIGSERIAL PRIMARY KEY,
    aggregate  TEXT   NOT NULL,
    type       TEXT   NOT NULL,
    payload    TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
-- How far each named subscriber has processed the log.
CREATE TABLE outbox_offsets (
    subscriber TEXT   NOT NULL PRIMARY KEY,
    last_id    BIGINT NOT NULL
);
