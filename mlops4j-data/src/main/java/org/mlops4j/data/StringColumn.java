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
        Map<String, Integer> index = new HashMap<>();
        int[] codes = new int[values.length];
        String[] dict = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                codes[i] = -1;
            } else {
                Integer code = index.get(values[i]);
                if (code == null) {
                    code = index.size();
                    index.put(values[i], code);
                    dict[code] = values[i];
                }
                codes[i] = code;
            }
        }
        return new StringColumn(name, type, codes, Arrays.asList(dict).subList(0, index.size()));
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
