// Writes the Parquet fixtures of mlops4j-data's reader tests with DuckDB, a widely used Parquet
// writer. Run once from this folder: `npm install && npm run fixtures`; the outputs are committed
// under ../resources/parquet/ so the build itself needs neither Node nor DuckDB.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'resources', 'parquet');
const training = resolve(here, '..', '..', '..', '..', 'data', 'german-credit', 'german_credit_data_biased_training.csv');
mkdirSync(out, { recursive: true });

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();

// The German credit training file, as Snappy-compressed Parquet (DuckDB's default codec).
await con.run(`COPY (SELECT * FROM read_csv('${training}', header = true, types = {'ForeignWorker': 'VARCHAR'}))
               TO '${join(out, 'german_credit_training.parquet')}' (FORMAT parquet, COMPRESSION snappy)`);

// Every column type the reader maps, with nulls, in GZIP and uncompressed variants.
const typed = `SELECT * FROM (VALUES
    (1, 1.5::DOUBLE, 'red', true, TIMESTAMPTZ '2024-05-01 10:15:30+00', DATE '2024-05-01', 12.25::DECIMAL(9,2), 7::BIGINT, 2.5::FLOAT),
    (2, NULL, 'green', false, TIMESTAMPTZ '2024-05-02 00:00:00+00', DATE '2024-05-02', 0.10::DECIMAL(9,2), NULL, 0.0::FLOAT),
    (3, -0.25::DOUBLE, NULL, NULL, NULL, NULL, NULL, 9::BIGINT, NULL),
    (4, 1e10::DOUBLE, 'red', true, TIMESTAMPTZ '2023-12-31 23:59:59.5+00', DATE '2023-12-31', -3.00::DECIMAL(9,2), 11::BIGINT, 1.0::FLOAT)
  ) AS t(id, amount, colour, approved, decided_at, day, price, count64, ratio)`;
await con.run(`COPY (${typed}) TO '${join(out, 'types_gzip.parquet')}' (FORMAT parquet, COMPRESSION gzip)`);
await con.run(`COPY (${typed}) TO '${join(out, 'types_uncompressed.parquet')}' (FORMAT parquet, COMPRESSION uncompressed)`);

// A nested column, which the reader refuses with a clear message.
await con.run(`COPY (SELECT 1 AS id, {'a': 1, 'b': 'x'} AS nested)
               TO '${join(out, 'nested.parquet')}' (FORMAT parquet)`);
console.log('wrote', out);
