package org.mlops4j.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.Column;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.Table;
import org.mlops4j.data.TestData;
import org.mlops4j.data.stats.DatasetStatistics;
import org.mlops4j.data.stats.Statistics;

/** Parquet files written by DuckDB (src/test/node/make_parquet_fixtures.mjs). */
class ParquetReaderTest {
    @TempDir
    Path dir;

    @Test
    void snappyGermanCredit_readsAsTheCsvItWasWrittenFrom() {
        Table parquet = TableReader.read(TestData.PARQUET.resolve("german_credit_training.parquet"));
        Table csv = TableReader.read(TestData.TRAINING);
        assertThat(parquet.columnNames()).isEqualTo(csv.columnNames());
        assertThat(parquet.columns().stream().map(Column::type)).containsExactlyElementsOf(
                csv.columns().stream().map(Column::type).toList());
        DatasetStatistics a = Statistics.of(parquet);
        DatasetStatistics b = Statistics.of(csv);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void everyMappedType_withNulls_inGzipAndUncompressedFiles() {
        for (String name : new String[] {"types_gzip.parquet", "types_uncompressed.parquet"}) {
            Table t = TableReader.read(TestData.PARQUET.resolve(name));
            assertThat(t.rowCount()).as(name).isEqualTo(4);
            assertThat(t.columns().stream().map(Column::type)).containsExactly(ColumnType.NUMERIC, ColumnType.NUMERIC,
                    ColumnType.CATEGORICAL, ColumnType.BOOLEAN, ColumnType.TIMESTAMP, ColumnType.TIMESTAMP,
                    ColumnType.NUMERIC, ColumnType.NUMERIC, ColumnType.NUMERIC);
            assertThat(t.column("amount").isMissing(1)).isTrue();
            assertThat(((NumericColumn) t.column("amount")).value(3)).isEqualTo(1e10);
            assertThat(t.column("colour").text(3)).isEqualTo("red");
            assertThat(t.column("approved").text(1)).isEqualTo("false");
            assertThat(t.column("decided_at").text(3)).isEqualTo("2023-12-31T23:59:59.500Z");
            assertThat(t.column("day").text(0)).isEqualTo("2024-05-01T00:00:00Z");
            assertThat(((NumericColumn) t.column("price")).value(0)).isEqualTo(12.25);
            assertThat(t.columns()).allMatch(c -> c.name().equals("id") || c.missingCount() >= 1);
        }
    }

    @Test
    void nestedColumns_areRefusedWithTheFileName() {
        assertThatThrownBy(() -> TableReader.read(TestData.PARQUET.resolve("nested.parquet")))
                .isInstanceOf(MlopsException.class)
                .hasMessage("nested.parquet: nested Parquet columns (structs, lists, maps) are not supported");
    }

    @Test
    void truncatedParquet_failsNamingTheFile() throws Exception {
        byte[] whole = Files.readAllBytes(TestData.PARQUET.resolve("german_credit_training.parquet"));
        Path cut = dir.resolve("cut.parquet");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> TableReader.read(cut)).isInstanceOf(MlopsException.class)
                .hasMessageStartingWith("cut.parquet: not a readable Parquet file");
    }
}
