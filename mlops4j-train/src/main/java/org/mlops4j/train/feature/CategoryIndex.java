package org.mlops4j.train.feature;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.Column;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;
import org.mlops4j.train.feature.FeatureSpec.UnknownCategory;

/**
 * Shared lookup for categorical transforms: value text to category index, with imputation and the
 * unknown-category policy. Returns -1 for "no category" (missing without imputation, or unknown
 * under IGNORE).
 */
final class CategoryIndex {
    private final String input;
    private final List<String> categories;
    private final String impute;
    private final UnknownCategory unknown;
    private final Map<String, Integer> index = new HashMap<>();

    CategoryIndex(String input, List<String> categories, String impute, UnknownCategory unknown) {
        this.input = input;
        this.categories = List.copyOf(categories);
        this.impute = impute;
        this.unknown = unknown;
        for (int i = 0; i < this.categories.size(); i++) {
            index.put(this.categories.get(i), i);
        }
    }

    List<String> categories() {
        return categories;
    }

    String impute() {
        return impute;
    }

    UnknownCategory unknown() {
        return unknown;
    }

    int lookup(String text) {
        String value = text != null ? text : impute;
        if (value == null) {
            return -1;
        }
        Integer code = index.get(value);
        if (code != null) {
            return code;
        }
        if (unknown == UnknownCategory.ERROR) {
            throw MlopsException.invalidParameter("Column '%s' has the value '%s', unseen in training (known: %s)",
                    input, value.length() > 40 ? value.substring(0, 40) + "..." : value,
                    categories.size() > 20 ? categories.subList(0, 20) + "..." : categories);
        }
        return -1;
    }

    /** Category index per row; dictionary-coded columns are looked up once per distinct value. */
    int[] lookupColumn(Column column) {
        int rows = column.size();
        int[] out = new int[rows];
        if (column instanceof StringColumn strings) {
            List<String> dictionary = strings.dictionary();
            int[] byCode = new int[dictionary.size()];
            boolean[] resolved = new boolean[dictionary.size()];
            int missingCode = Integer.MIN_VALUE;
            for (int r = 0; r < rows; r++) {
                int code = strings.code(r);
                if (code < 0) {
                    if (missingCode == Integer.MIN_VALUE) {
                        missingCode = lookup(null);
                    }
                    out[r] = missingCode;
                } else {
                    if (!resolved[code]) {
                        byCode[code] = lookup(dictionary.get(code));
                        resolved[code] = true;
                    }
                    out[r] = byCode[code];
                }
            }
        } else {
            for (int r = 0; r < rows; r++) {
                out[r] = lookup(column.text(r));
            }
        }
        return out;
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Double || value instanceof Float) {
            return NumericColumn.format(((Number) value).doubleValue());
        }
        return value.toString();
    }
}
