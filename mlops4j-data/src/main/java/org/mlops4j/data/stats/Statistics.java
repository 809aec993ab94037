package org.mlops4j.data.stats;

import java.nio.file.Path;
import org.mlops4j.data.Table;
import org.mlops4j.data.io.ReadOptions;
import org.mlops4j.data.io.TableReader;

/** Computes dataset statistics from a table in memory or from a file streamed in chunks. Thread-safe. */
public final class Statistics {
    /** Rows per chunk when streaming a file. */
    public static final int CHUNK_ROWS = 65_536;

    private Statistics() {
    }

    public static DatasetStatistics of(Table table) {
        return of(table, StatisticsOptions.defaults());
    }

    public static DatasetStatistics of(Table table, StatisticsOptions options) {
        StatisticsCollector collector = new StatisticsCollector(options);
        collector.add(table);
        return collector.finish();
    }

    /**
     * Statistics of a file that need not fit in memory: column types come from one streaming pass,
     * statistics from a second, chunk by chunk.
     */
    public static DatasetStatistics ofFile(Path path, ReadOptions read, StatisticsOptions options) {
        StatisticsCollector collector = new StatisticsCollector(options);
        TableReader.stream(path, read, CHUNK_ROWS, collector::add);
        return collector.finish();
    }
}
