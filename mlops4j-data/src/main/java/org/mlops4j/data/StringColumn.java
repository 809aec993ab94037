package org.mlops4j.data;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A categorical or text column, dictionary-encoded: each row holds a code into {@link #dictionary()},
 * or -1 when missing. Counting values is therefore one pass over ints.
 */
public final class StringColumn implements Column {
    /**
     * Up to this many distinct values a column's dictionary is searched by a scan, not a hash map.
     * A scored request's columns hold one row each, and a map per column was the largest
     * allocation of binding the request.
     */
    private static final int SCANNED_DICTIONARY_MAX = 8;

    private final String name;
    private final ColumnType type;
    private final int[] codes;
    private final List<String> dictionary;
    private final int missingCount;

    /** @param codes taken as is (not copied); -1 marks a missing row */
    public StringColumn(String name, ColumnType type, int[] codes, List<String> dictionary) {
        Missing.checkName(name);
        if (type != ColumnType.CATEGORICAL && type != ColumnType.TEXT) {
            throw new IllegalArgumentException("a string column is CATEGORICAL or TEXT, not " + type);
        }
        this.name = name;
        this.type = type;
        this.codes = codes;
        this.dictionary = List.copyOf(dictionary);
        int missing = 0;
        for (int code : codes) {
            if (code < 0) {
                missing++;
            } else if (code >= this.dictionary.size()) {
                throw new IllegalArgumentException("code " + code + " outside the dictionary of column " + name);
            }
        }
        this.missingCount = missing;
    }

    /** Builds a column from values (null = missing). */
    public static StringColumn of(String name, ColumnType type, String... values) {
        int[] codes = new int[values.length];
        String[] dict = new String[values.length];
        int distinct = 0;
        Map<String, Integer> index = null; // built once the dictionary outgrows a scan
        for (int i = 0; i < values.length; i++) {
            String value = values[i];
            if (value == null) {
                codes[i] = -1;
                continue;
            }
            int code = -1;
            if (index == null) {
                for (int d = 0; d < distinct && code < 0; d++) {
                    if (dict[d].equals(value)) {
                        code = d;
                    }
                }
                if (code < 0 && distinct == SCANNED_DICTIONARY_MAX) {
                    index = new HashMap<>();
                    for (int d = 0; d < distinct; d++) {
                        index.put(dict[d], d);
                    }
                }
            }
            if (index != null) {
                code = index.getOrDefault(value, -1);
            }
            if (code < 0) {
                code = distinct++;
                dict[code] = value;
                if (index != null) {
                    index.put(value, code);
                }
            }
            codes[i] = code;
        }
        return new StringColumn(name, type, codes, List.of(Arrays.copyOf(dict, distinct))); // immutable: not copied again
    }

    public static StringColumn categorical(String name, String... values) {
        return of(name, ColumnType.CATEGORICAL, values);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return type;
    }

    @Override
    public int size() {
        return codes.length;
    }

    @Override
    public boolean isMissing(int row) {
        return codes[row] < 0;
    }

    @Override
    public int missingCount() {
        return missingCount;
    }

    /** The row's code into {@link #dictionary()}, -1 when missing. */
    public int code(int row) {
        return codes[row];
    }

    /** The backing codes, for fast loops; do not modify. */
    public int[] rawCodes() {
        return codes;
    }

    /** Distinct values in order of first appearance (may hold values no row uses after a slice). */
    public List<String> dictionary() {
        return dictionary;
    }

    @Override
    public String text(int row) {
        int code = codes[row];
        return code < 0 ? null : dictionary.get(code);
    }

    public StringColumn withType(ColumnType newType) {
        return new StringColumn(name, newType, codes, dictionary);
    }

    @Override
    public StringColumn rename(String newName) {
        return new StringColumn(newName, type, codes, dictionary);
    }

    /** Missing rows as a bitmap (for conversions). */
    BitSet missingBits() {
        BitSet bits = new BitSet(codes.length);
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < 0) {
                bits.set(i);
            }
        }
        return bits;
    }
}
