-- Dataset registry: named datasets, versions identified by content digest, schemas (revised by
-- people), and lineage (which runs used which version). Tables are prefixed data_ because the
-- tracking module has its own "datasets" table (MLflow's dataset inputs) in the same database.
CREATE TABLE data_datasets (
    name          TEXT   NOT NULL PRIMARY KEY,
    creation_time BIGINT NOT NULL
);

CREATE TABLE data_dataset_versions (
    name          TEXT    NOT NULL REFERENCES data_datasets (name),
    version       INTEGER NOT NULL,
    digest        TEXT    NOT NULL,
    source        TEXT    NOT NULL,
    source_type   TEXT    NOT NULL,
    format        TEXT    NOT NULL,
    row_count     BIGINT  NOT NULL,
    column_count  INTEGER NOT NULL,
    size_bytes    BIGINT  NOT NULL,
    profile       TEXT    NOT NULL,
    creation_time BIGINT  NOT NULL,
    PRIMARY KEY (name, version),
    UNIQUE (name, digest)
);

CREATE TABLE data_schemas (
    name          TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    revision      INTEGER NOT NULL,
    schema_json   TEXT    NOT NULL,
    note          TEXT,
    creation_time BIGINT  NOT NULL,
    PRIMARY KEY (name, version, revision),
    FOREIGN KEY (name, version) REFERENCES data_dataset_versions (name, version)
);

CREATE TABLE data_lineage (
    name          TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    run_id        TEXT    NOT NULL,
    context       TEXT    NOT NULL,
    creation_time BIGINT  NOT NULL,
    PRIMARY KEY (name, version, run_id, context),
    FOREIGN KEY (name, version) REFERENCES data_dataset_versions (name, version)
);

CREATE INDEX data_lineage_run ON data_lineage (run_id);
