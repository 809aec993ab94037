package org.mlops4j.data.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlops4j.data.BooleanColumn;
import org.mlops4j.data.Column;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;
import org.mlops4j.data.TimestampColumn;

/**
 * Accumulates one column's cells, then infers its type (or applies a given one) and builds the
 * typed column. Strings are dictionary-encoded as they arrive, so inference looks at each distinct
 * string once. Not thread-safe.
 */
final class ColumnBuilder {
    static final byte MISSING = 0;
    static final byte RAW = 1;
    static final byte TEXT = 2;
    static final byte NUMBER = 3;
    static final byte BOOL = 4;
    static final byte TIME = 5;

    private byte[] kinds = new byte[1024];
    private int[] codes;
    private long[] bits;
    private int size;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> dictionary = new ArrayList<>();
    private final int[] kindCounts = new int[6];

    void add(Object cell) {
        if (size == kinds.length) {
            grow();
        }
        if (cell == null) {
            kinds[size] = MISSING;
        } else if (cell instanceof String s) {
            putString(s, RAW);
        } else if (cell instanceof RowSink.Text t) {
            putString(t.value(), TEXT);
        } else if (cell instanceof Double d) {
            putBits(Double.doubleToRawLongBits(d), NUMBER);
        } else if (cell instanceof Boolean b) {
            putBits(b ? 1 : 0, BOOL);
        } else if (cell instanceof RowSink.Timestamp t) {
            putBits(t.epochMillis(), TIME);
        } else {
            throw new IllegalArgumentException("unsupported cell " + cell.getClass());
        }
        kindCounts[kinds[size]]++;
        size++;
    }

    private void putString(String s, byte kind) {
        if (codes == null) {
            codes = new int[kinds.length];
        }
        Integer code = index.get(s);
        if (code == null) {
            code = dictionary.size();
            index.put(s, code);
            dictionary.add(s);
        }
        codes[size] = code;
        kinds[size] = kind;
    }

    private void putBits(long value, byte kind) {
        if (bits == null) {
            bits = new long[kinds.length];
        }
        bits[size] = value;
        kinds[size] = kind;
    }

    private void grow() {
        int capacity = kinds.length * 2;
        kinds = Arrays.copyOf(kinds, capacity);
        if (codes != null) {
            codes = Arrays.copyOf(codes, capacity);
        }
        if (bits != null) {
            bits = Arrays.copyOf(bits, capacity);
        }
    }

    int size() {
        return size;
    }

    int presentCount() {
        return size - kindCounts[MISSING];
    }

    /** Pads with missing cells up to {@code rows}. */
    void padTo(int rows) {
        while (size < rows) {
            add(null);
        }
    }

    /** The type this column's cells suggest. */
    ColumnType inferType(int maxCategories) {
        int present = size - kindCounts[MISSING];
        if (present == 0) {
            return ColumnType.CATEGORICAL;
        }
        if (kindCounts[NUMBER] == present) {
            return ColumnType.NUMERIC;
        }
        if (kindCounts[BOOL] == present) {
            return ColumnType.BOOLEAN;
        }
        if (kindCounts[TIME] == present) {
            return ColumnType.TIMESTAMP;
        }
        boolean raw = kindCounts[RAW] == present;
        if (raw || kindCounts[TEXT] == present) {
            return inferFromStrings(raw, present, maxCategories);
        }
        return stringType(present, maxCategories);
    }

    private ColumnType inferFromStrings(boolean raw, int present, int maxCategories) {
        boolean allBool = raw;
        boolean allNumber = raw;
        boolean allTime = true;
        for (String s : dictionary) {
            allBool = allBool && Cells.parseBoolean(s) != null;
            allNumber = allNumber && Cells.isNumber(s);
            allTime = allTime && Cells.parseTimestamp(s) != Cells.NOT_A_TIMESTAMP;
            if (!allBool && !allNumber && !allTime) {
                break;
            }
        }
        if (allBool) {
            return ColumnType.BOOLEAN;
        }
        if (allNumber) {
            return ColumnType.NUMERIC;
        }
        if (allTime) {
            return ColumnType.TIMESTAMP;
        }
        return stringType(present, maxCategories);
    }

    private ColumnType stringType(int present, int maxCategories) {
        int distinct = distinctTexts();
        if (distinct > maxCategories) {
            return ColumnType.TEXT;
        }
        if (distinct > present / 2 && distinct > 20) {
            long length = 0;
            for (String s : dictionary) {
                length += s.length();
            }
            if (length / (double) dictionary.size() >= 30) {
                return ColumnType.TEXT;
            }
        }
        return ColumnType.CATEGORICAL;
    }

    private int distinctTexts() {
        if (kindCounts[NUMBER] + kindCounts[BOOL] + kindCounts[TIME] == 0) {
            return dictionary.size();
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < size; i++) {
            String t = text(i);
            if (t != null) {
                seen.add(t);
            }
        }
        return seen.size();
    }

    /** Distinct strings seen (for inference across chunks). */
    List<String> dictionary() {
        return dictionary;
    }

    /** Builds the column as {@code type}; cells that cannot be read as that type go to {@code onBadCell}. */
    Column build(String name, ColumnType type, BadCell onBadCell) {
        return switch (type) {
            case NUMERIC -> buildNumeric(name, onBadCell);
            case BOOLEAN -> buildBoolean(name, onBadCell);
            case TIMESTAMP -> buildTimestamp(name, onBadCell);
            case CATEGORICAL, TEXT -> buildStrings(name, type);
        };
    }

    /** Reports a cell that does not convert; implementations throw. */
    interface BadCell {
        void report(int row, String text, ColumnType type);
    }

    private Column buildNumeric(String name, BadCell onBadCell) {
        double[] values = new double[size];
        BitSet missing = new BitSet(size);
        double[] parsed = null;
        for (int i = 0; i < size; i++) {
            switch (kinds[i]) {
                case MISSING -> missing.set(i);
                case NUMBER -> values[i] = Double.longBitsToDouble(bits[i]);
                case BOOL -> values[i] = bits[i];
                case TIME -> values[i] = bits[i];
                default -> {
                    if (parsed == null) {
                        parsed = parseDictionary();
                    }
                    double v = parsed[codes[i]];
                    if (Double.isNaN(v) && !isNanText(dictionary.get(codes[i]))) {
                        onBadCell.report(i, dictionary.get(codes[i]), ColumnType.NUMERIC);
                        missing.set(i);
                    } else {
                        values[i] = v;
                    }
                }
            }
        }
        return new NumericColumn(name, values, missing);
    }

    private double[] parseDictionary() {
        double[] parsed = new double[dictionary.size()];
        for (int k = 0; k < parsed.length; k++) {
            String s = dictionary.get(k);
            parsed[k] = Cells.isNumber(s) ? Cells.parseNumber(s) : Double.NaN;
        }
        return parsed;
    }

    private static boolean isNanText(String s) {
        return s.equalsIgnoreCase("nan");
    }

    private Column buildBoolean(String name, BadCell onBadCell) {
        BitSet trues = new BitSet(size);
        BitSet missing = new BitSet(size);
        for (int i = 0; i < size; i++) {
            switch (kinds[i]) {
                case MISSING -> missing.set(i);
                case BOOL -> trues.set(i, bits[i] == 1);
                case NUMBER -> {
                    double v = Double.longBitsToDouble(bits[i]);
                    if (v == 0 || v == 1) {
                        trues.set(i, v == 1);
                    } else {
                        onBadCell.report(i, NumericColumn.format(v), ColumnType.BOOLEAN);
                        missing.set(i);
                    }
                }
                case TIME -> {
                    onBadCell.report(i, text(i), ColumnType.BOOLEAN);
                    missing.set(i);
                }
                default -> {
                    Boolean b = Cells.parseBoolean(dictionary.get(codes[i]));
                    if (b == null) {
                        onBadCell.report(i, dictionary.get(codes[i]), ColumnType.BOOLEAN);
                        missing.set(i);
                    } else {
                        trues.set(i, b);
                    }
                }
            }
        }
        return new BooleanColumn(name, size, trues, missing);
    }

    private Column buildTimestamp(String name, BadCell onBadCell) {
        long[] millis = new long[size];
        BitSet missing = new BitSet(size);
        for (int i = 0; i < size; i++) {
            switch (kinds[i]) {
                case MISSING -> missing.set(i);
                case TIME -> millis[i] = bits[i];
                case RAW, TEXT -> {
                    long t = Cells.parseTimestamp(dictionary.get(codes[i]));
                    if (t == Cells.NOT_A_TIMESTAMP) {
                        onBadCell.report(i, dictionary.get(codes[i]), ColumnType.TIMESTAMP);
                        missing.set(i);
                    } else {
                        millis[i] = t;
                    }
                }
                default -> {
                    onBadCell.report(i, text(i), ColumnType.TIMESTAMP);
                    missing.set(i);
                }
            }
        }
        return new TimestampColumn(name, millis, missing);
    }

    private Column buildStrings(String name, ColumnType type) {
        if (kindCounts[NUMBER] + kindCounts[BOOL] + kindCounts[TIME] == 0) {
            int[] out = new int[size];
            for (int i = 0; i < size; i++) {
                out[i] = kinds[i] == MISSING ? -1 : codes[i];
            }
            return new StringColumn(name, type, out, dictionary);
        }
        String[] values = new String[size];
        for (int i = 0; i < size; i++) {
            values[i] = text(i);
        }
        return StringColumn.of(name, type, values);
    }

    /** The cell as text, null when missing. */
    String text(int i) {
        return switch (kinds[i]) {
            case MISSING -> null;
            case NUMBER -> NumericColumn.format(Double.longBitsToDouble(bits[i]));
            case BOOL -> Boolean.toString(bits[i] == 1);
            case TIME -> java.time.Instant.ofEpochMilli(bits[i]).toString();
            default -> dictionary.get(codes[i]);
        };
    }
}
