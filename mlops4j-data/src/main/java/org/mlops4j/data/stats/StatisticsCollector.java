package org.mlops4j.data.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.Column;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.Table;

/**
 * Statistics over a table given in chunks (all with the same columns and types), in one pass and in
 * memory bounded by the options' budgets. Columns are processed in parallel within a large chunk.
 * Not thread-safe: feed it from one thread.
 */
public final class StatisticsCollector {
    private static final long PARALLEL_CELLS = 200_000;
    private final StatisticsOptions options;
    private List<String> names;
    private List<ColumnType> types;
    private Object[] accumulators;
    private long rows;

    public StatisticsCollector(StatisticsOptions options) {
        this.options = options;
    }

    public void add(Table chunk) {
        if (names == null) {
            names = chunk.columnNames();
            types = chunk.columns().stream().map(Column::type).toList();
            accumulators = new Object[names.size()];
            for (int i = 0; i < accumulators.length; i++) {
                accumulators[i] = types.get(i).isDiscrete() ? new CategoricalAccumulator(options)
                        : new NumericAccumulator(options);
            }
        } else if (!chunk.columnNames().equals(names)
                || !chunk.columns().stream().map(Column::type).toList().equals(types)) {
            throw MlopsException.invalidParameter("A chunk's columns %s differ from the first chunk's %s",
                    chunk.columnNames(), names);
        }
        rows += chunk.rowCount();
        IntStream indexes = IntStream.range(0, accumulators.length);
        if ((long) chunk.rowCount() * chunk.columnCount() >= PARALLEL_CELLS) {
            indexes = indexes.parallel();
        }
        indexes.forEach(i -> {
            if (accumulators[i] instanceof NumericAccumulator numeric) {
                numeric.add(chunk.columns().get(i));
            } else {
                ((CategoricalAccumulator) accumulators[i]).add(chunk.columns().get(i));
            }
        });
    }

    public DatasetStatistics finish() {
        if (names == null) {
            return new DatasetStatistics(0, List.of());
        }
        ColumnStatistics[] columns = new ColumnStatistics[names.size()];
        IntStream.range(0, columns.length).parallel().forEach(i -> {
            if (accumulators[i] instanceof NumericAccumulator numeric) {
                columns[i] = new ColumnStatistics(names.get(i), types.get(i), numeric.rows(), numeric.missing(),
                        numeric.finish(), null);
            } else {
                CategoricalAccumulator discrete = (CategoricalAccumulator) accumulators[i];
                columns[i] = new ColumnStatistics(names.get(i), types.get(i), discrete.rows(), discrete.missing(),
                        null, discrete.finish());
            }
        });
        return new DatasetStatistics(rows, new ArrayList<>(List.of(columns)));
    }
}
