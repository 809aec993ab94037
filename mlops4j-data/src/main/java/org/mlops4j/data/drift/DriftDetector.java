package org.mlops4j.data.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.Column;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.Table;

/**
 * Compares a current dataset with a reference one, column by column (in parallel), and decides
 * whether the dataset drifted. Stateless and thread-safe.
 */
public final class DriftDetector {
    private DriftDetector() {
    }

    public static DatasetDrift compare(Table reference, Table current) {
        return compare(reference, current, DriftOptions.defaults());
    }

    public static DatasetDrift compare(Table reference, Table current, DriftOptions options) {
        List<String> names = options.columns() != null ? options.columns() : reference.columnNames();
        List<SkippedColumn> skipped = new ArrayList<>();
        List<String> compared = new ArrayList<>();
        for (String name : names) {
            String reason = skipReason(reference, current, name);
            if (reason == null) {
                checkRequestedTest(reference.column(name), options);
                compared.add(name);
            } else {
                skipped.add(new SkippedColumn(name, reason));
            }
        }
        if (options.columns() == null) {
            current.columnNames().stream().filter(n -> reference.find(n).isEmpty())
                    .forEach(n -> skipped.add(new SkippedColumn(n, "not in the reference data")));
        }
        List<Object> results = compared.parallelStream()
                .<Object>map(name -> compareColumn(reference.column(name), current.column(name), options))
                .toList();
        List<ColumnDrift> columns = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof ColumnDrift drift) {
                columns.add(drift);
            } else {
                skipped.add(new SkippedColumn(compared.get(i), (String) results.get(i)));
            }
        }
        int drifted = (int) columns.stream().filter(ColumnDrift::drifted).count();
        double share = columns.isEmpty() ? 0 : drifted / (double) columns.size();
        return new DatasetDrift(columns, skipped, drifted, share, options.driftShare(),
                !columns.isEmpty() && share >= options.driftShare(), reference.rowCount(), current.rowCount());
    }

    private static String skipReason(Table reference, Table current, String name) {
        Column ref = reference.find(name).orElse(null);
        Column cur = current.find(name).orElse(null);
        if (ref == null) {
            return "not in the reference data";
        }
        if (cur == null) {
            return "not in the current data";
        }
        if (ref.type() == ColumnType.TEXT || ref.type() == ColumnType.TIMESTAMP) {
            return ref.type() + " columns are not tested for drift";
        }
        boolean refNumeric = ref.type() == ColumnType.NUMERIC;
        boolean curNumeric = cur.type() == ColumnType.NUMERIC;
        if (refNumeric != curNumeric || cur.type() == ColumnType.TEXT || cur.type() == ColumnType.TIMESTAMP) {
            return "types differ: " + ref.type() + " in the reference, " + cur.type() + " in the current data";
        }
        return null;
    }

    /** Fails, in column order, on a requested test that does not apply to the column's type. */
    private static void checkRequestedTest(Column column, DriftOptions options) {
        String requested = options.columnTests().getOrDefault(column.name(), options.test());
        if (requested != null && !DriftTests.byName(requested, options.bins()).supports(column.type())) {
            throw MlopsException.invalidParameter("Drift test '%s' does not apply to %s column '%s'", requested,
                    column.type(), column.name());
        }
    }

    /** A ColumnDrift, or the reason (a String) why the column could not be compared. */
    private static Object compareColumn(Column referenceColumn, Column currentColumn, DriftOptions options) {
        String name = referenceColumn.name();
        ColumnSample reference = ColumnSample.of(referenceColumn);
        ColumnSample current = ColumnSample.of(currentColumn);
        if (reference.size() == 0 || current.size() == 0) {
            return "no values in the " + (reference.size() == 0 ? "reference" : "current") + " data";
        }
        ColumnType type = referenceColumn.type();
        String requested = options.columnTests().getOrDefault(name, options.test());
        DriftTest test;
        if (requested != null) {
            test = DriftTests.byName(requested, options.bins());
        } else {
            test = Objects.requireNonNull(DriftTestSelector.select(type, reference, current, options.bins()));
        }
        Double threshold = options.columnThresholds().getOrDefault(name, options.threshold());
        double limit = threshold != null ? threshold : test.defaultThreshold();
        double score = test.score(reference, current);
        Distribution[] charts = Distributions.of(reference, current);
        return new ColumnDrift(name, type, test.name(), test.displayName(), requested == null, test.scoreKind(), score,
                limit, test.scoreKind().drifted(score, limit), reference.size(), current.size(), charts[0], charts[1]);
    }
}
