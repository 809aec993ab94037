package org.mlops4j.serving.validation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.BooleanColumn;
import org.mlops4j.data.Column;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;
import org.mlops4j.data.Table;
import org.mlops4j.data.TimestampColumn;
import org.mlops4j.data.schema.ColumnSchema;
import org.mlops4j.data.schema.Schema;
import org.mlops4j.serving.protocol.RawColumns;

/**
 * Turns decoded input into a typed {@link Table} in the signature's column order, checking every
 * value against the signature. Problems are reported together (up to {@value #MAX_PROBLEMS}), each
 * naming its field and row, as one INVALID_PARAMETER_VALUE: bad input is a 400, never a 500.
 * Columns the model does not use are ignored. Thread-safe: its only state is where the columns of
 * the last input were.
 */
public final class InputBinder {
    static final int MAX_PROBLEMS = 10;
    private final Schema signature;
    private final UnknownCategoryPolicy unknownCategories;
    private final List<Set<String>> domains = new ArrayList<>();
    /**
     * The positions found for the last input's names: requests keep bringing the same columns
     * (the MLflow decoder even the same list), so finding each signature column among them by name
     * is done once rather than per request.
     */
    private volatile NamePositions lastPositions;

    public InputBinder(Schema signature, UnknownCategoryPolicy unknownCategories) {
        this.signature = signature;
        this.unknownCategories = unknownCategories;
        for (ColumnSchema column : signature.columns()) {
            domains.add(column.domain() == null ? null : new HashSet<>(column.domain()));
        }
        int[] noneGiven = new int[signature.columns().size()];
        Arrays.fill(noneGiven, -1);
        lastPositions = new NamePositions(List.of(), noneGiven);
    }

    public Schema signature() {
        return signature;
    }

    /**
     * @param textCells true when every cell arrived as text (CSV), so numbers and booleans are parsed
     */
    public Table bind(RawColumns input, boolean textCells) {
        if (input.rowCount() == 0) {
            throw MlopsException.invalidParameter("Invalid input: no rows to score");
        }
        int[] positions = positions(input.names());
        Problems problems = new Problems();
        List<Column> columns = new ArrayList<>(positions.length);
        for (int i = 0; i < positions.length; i++) {
            ColumnSchema spec = signature.columns().get(i);
            if (positions[i] < 0 && spec.required()) {
                problems.add("missing column '%s' (%s)", spec.name(), spec.type());
                continue;
            }
            columns.add(bindColumn(spec, domains.get(i), new Values(input, positions[i]), textCells, problems));
        }
        problems.throwIfAny();
        return Table.of(columns);
    }

    /** Where each signature column is in the input's columns (-1: absent), for these names. */
    private int[] positions(List<String> names) {
        NamePositions last = lastPositions;
        if (last.names() == names || last.names().equals(names)) {
            return last.positions();
        }
        Map<String, Integer> index = HashMap.newHashMap(names.size());
        for (int c = 0; c < names.size(); c++) {
            index.put(names.get(c), c);
        }
        int[] positions = new int[signature.columns().size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = index.getOrDefault(signature.columns().get(i).name(), -1);
        }
        lastPositions = new NamePositions(names, positions);
        return positions;
    }

    private record NamePositions(List<String> names, int[] positions) {
    }

    /** One input column's values (all missing when the input has no such column). */
    private record Values(RawColumns input, int column) {
        int size() {
            return input.rowCount();
        }

        Object get(int row) {
            return column < 0 ? null : input.value(column, row);
        }
    }

    private Column bindColumn(ColumnSchema spec, Set<String> domain, Values values, boolean text, Problems problems) {
        int n = values.size();
        BitSet missing = null;
        for (int row = 0; row < n; row++) {
            if (values.get(row) == null) {
                missing = missing != null ? missing : new BitSet(n);
                missing.set(row);
                if (spec.required()) {
                    problems.add("field '%s', row %d: a value is required", spec.name(), row);
                }
            }
        }
        return switch (spec.type()) {
            case NUMERIC -> numeric(spec, values, missing, text, problems);
            case CATEGORICAL, TEXT -> strings(spec, domain, values, problems);
            case BOOLEAN -> booleans(spec, values, missing, text, problems);
            case TIMESTAMP -> timestamps(spec, values, missing, problems);
        };
    }

    private static NumericColumn numeric(ColumnSchema spec, Values values, BitSet missing, boolean text,
                                         Problems problems) {
        double[] out = new double[values.size()];
        for (int row = 0; row < out.length; row++) {
            Object v = values.get(row);
            if (v == null) {
                continue;
            }
            Double d = v instanceof Number number ? number.doubleValue() : text && v instanceof String s ? parse(s) : null;
            if (d == null) {
                problems.add("field '%s', row %d: expected a number, got %s", spec.name(), row, show(v));
            } else if ((d.isNaN() || d.isInfinite()) && !spec.nanAllowed()) {
                problems.add("field '%s', row %d: NaN and infinite values are not allowed", spec.name(), row);
            } else {
                out[row] = d;
            }
        }
        return new NumericColumn(spec.name(), out, missing);
    }

    private static Double parse(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private StringColumn strings(ColumnSchema spec, Set<String> domain, Values values, Problems problems) {
        String[] out = new String[values.size()];
        for (int row = 0; row < out.length; row++) {
            Object v = values.get(row);
            if (v == null) {
                continue;
            }
            if (!(v instanceof String s)) {
                problems.add("field '%s', row %d: expected a string, got %s", spec.name(), row, show(v));
                continue;
            }
            if (domain != null && unknownCategories == UnknownCategoryPolicy.REJECT && !domain.contains(s)) {
                problems.add("field '%s', row %d: unknown category %s; allowed: %s", spec.name(), row, show(s),
                        abbreviate(spec.domain()));
            }
            out[row] = s;
        }
        return StringColumn.of(spec.name(), spec.type(), out);
    }

    private static BooleanColumn booleans(ColumnSchema spec, Values values, BitSet missing, boolean text,
                                          Problems problems) {
        BitSet trues = new BitSet(values.size());
        for (int row = 0; row < values.size(); row++) {
            Object v = values.get(row);
            if (v == null) {
                continue;
            }
            Boolean b = v instanceof Boolean bool ? bool
                    : text && v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))
                    ? Boolean.parseBoolean(s) : null;
            if (b == null) {
                problems.add("field '%s', row %d: expected true or false, got %s", spec.name(), row, show(v));
            } else if (b) {
                trues.set(row);
            }
        }
        return new BooleanColumn(spec.name(), values.size(), trues, missing);
    }

    private static TimestampColumn timestamps(ColumnSchema spec, Values values, BitSet missing, Problems problems) {
        long[] out = new long[values.size()];
        for (int row = 0; row < out.length; row++) {
            Object v = values.get(row);
            if (v instanceof Number number) {
                out[row] = number.longValue();
            } else if (v instanceof String s) {
                try {
                    out[row] = Instant.parse(s).toEpochMilli();
                } catch (DateTimeParseException e) {
                    problems.add("field '%s', row %d: expected an ISO-8601 instant, got %s", spec.name(), row, show(v));
                }
            } else if (v != null) {
                problems.add("field '%s', row %d: expected a timestamp, got %s", spec.name(), row, show(v));
            }
        }
        return new TimestampColumn(spec.name(), out, missing);
    }

    private static String show(Object v) {
        String s = v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String abbreviate(List<String> domain) {
        return domain.size() <= 8 ? domain.toString() : domain.subList(0, 8) + " and " + (domain.size() - 8) + " more";
    }

    /** Collects problems so one response can name several of them. */
    private static final class Problems {
        private final List<String> messages = new ArrayList<>();
        private int count;

        void add(String format, Object... args) {
            if (count++ < MAX_PROBLEMS) {
                messages.add(format.formatted(args));
            }
        }

        void throwIfAny() {
            if (count > 0) {
                String more = count > MAX_PROBLEMS ? " (and " + (count - MAX_PROBLEMS) + " more problems)" : "";
                throw MlopsException.invalidParameter("Invalid input: %s%s", String.join("; ", messages), more);
            }
        }
    }
}
