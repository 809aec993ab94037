-- Serving (PostgreSQL). Keep in step with ../sqlite/V5__payload_segments.sql.
-- A batch now names its lines where they lie, a byte range of a journal segment (kept under the
-- journal's stored/ once finished), instead of holding a copy: copying every line into the database
-- was half of what payload logging cost per request. Batches loaded before hold their lines.
ALTER TABLE payload_batches ALTER COLUMN lines DROP NOT NULL;
ALTER TABLE payload_batches ADD COLUMN segment TEXT;
ALTER TABLE payload_batches ADD COLUMN offset_bytes BIGINT;
ALTER TABLE payload_batches ADD COLUMN length_bytes BIGINT;
ALTER TABLE payload_batches ADD CONSTRAINT payload_batches_lines_or_segment CHECK ((lines IS NULL) <> (segment IS NULL));
