package org.mlops4j.bench.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mlops4j.data.Column;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;
import org.mlops4j.data.Table;
import org.mlops4j.data.drift.DatasetDrift;
import org.mlops4j.data.drift.DriftDetector;
import org.mlops4j.data.stats.DatasetStatistics;
import org.mlops4j.data.stats.Statistics;

/**
 * Statistics of a reference table plus a drift comparison of a current table against it, on
 * generated data: 20 columns (10 numeric of assorted distributions, 10 categorical with 2 to 50
 * values), the current table slightly shifted. Prints the time for 250k, 500k and 1M rows (best of
 * three runs after a warm-up) and the time per million rows, which stays flat when time grows
 * linearly. Every run gets freshly generated tables (generation is not timed), since a column keeps
 * its sorted values once computed. Target: at most 2 s at 1M rows.
 */
public final class DataBenchmark {
    private static final int COLUMNS = 20;

    private DataBenchmark() {
    }

    public static void main(String[] args) {
        int[] sizes = {250_000, 500_000, 1_000_000};
        System.out.printf(Locale.ROOT, "mlops4j data benchmark: statistics + drift, %d columns (10 numeric, 10 categorical), "
                + "%d cores, Java %s%n", COLUMNS, Runtime.getRuntime().availableProcessors(), Runtime.version());
        for (int i = 0; i < 5; i++) {
            run(generate(200_000, 1 + i, 0), generate(200_000, 50 + i, 0.1));
        }
        System.out.printf(Locale.ROOT, "%10s %10s %10s %10s %12s %8s%n", "rows", "stats ms", "drift ms", "total ms",
                "ms per 1M", "drifted");
        for (int rows : sizes) {
            long bestStats = Long.MAX_VALUE;
            long bestDrift = Long.MAX_VALUE;
            long bestTotal = Long.MAX_VALUE;
            DatasetDrift drift = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                // Fresh tables each time: a column keeps its sorted values once computed.
                Table reference = generate(rows, 1 + attempt, 0);
                Table current = generate(rows, 100 + attempt, 0.1);
                long t0 = System.nanoTime();
                DatasetStatistics stats = Statistics.of(reference);
                long t1 = System.nanoTime();
                drift = DriftDetector.compare(reference, current);
                long t2 = System.nanoTime();
                if (stats.rowCount() != rows) {
                    throw new IllegalStateException("wrong row count");
                }
                bestStats = Math.min(bestStats, t1 - t0);
                bestDrift = Math.min(bestDrift, t2 - t1);
                bestTotal = Math.min(bestTotal, t2 - t0);
            }
            System.out.printf(Locale.ROOT, "%10d %10.0f %10.0f %10.0f %12.0f %5d/%d%n", rows, bestStats / 1e6,
                    bestDrift / 1e6, bestTotal / 1e6, bestTotal / 1e6 * 1_000_000 / rows, drift.driftedColumns(),
                    drift.columns().size());
        }
    }

    private static void run(Table reference, Table current) {
        Statistics.of(reference);
        DriftDetector.compare(reference, current);
    }

    /** A table of {@code rows} rows; {@code shift} moves the numeric columns' means and skews the categories. */
    static Table generate(int rows, long seed, double shift) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < COLUMNS / 2; c++) {
            double[] values = new double[rows];
            for (int i = 0; i < rows; i++) {
                values[i] = switch (c % 5) {
                    case 0 -> gaussian(random) + shift;
                    case 1 -> Math.exp(gaussian(random) * 0.5 + 3 + shift);
                    case 2 -> random.nextDouble() * 100 + shift * 10;
                    case 3 -> random.nextInt(18, 76);
                    default -> Math.rint(random.nextDouble() * 20_000 * (1 + shift)) / 100;
                };
            }
            columns.add(new NumericColumn("num_" + c, values, null));
        }
        for (int c = 0; c < COLUMNS / 2; c++) {
            int categories = 2 + c * 5;
            List<String> dictionary = new ArrayList<>();
            for (int k = 0; k < categories; k++) {
                dictionary.add("cat_" + c + "_" + k);
            }
            int[] codes = new int[rows];
            for (int i = 0; i < rows; i++) {
                double u = random.nextDouble();
                codes[i] = (int) Math.min(categories - 1, Math.floor(Math.pow(u, 1 + shift) * categories));
            }
            columns.add(new StringColumn("cat_" + c, ColumnType.CATEGORICAL, codes, dictionary));
        }
        return Table.of(columns);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
