package org.mlops4j.data.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlops4j.data.BooleanColumn;
import org.mlops4j.data.Column;
import org.mlops4j.data.StringColumn;

/** Counts the values of a discrete column chunk by chunk, up to a number of distinct values. Not thread-safe. */
final class CategoricalAccumulator {
    private final StatisticsOptions options;
    private final Map<String, long[]> counts = new HashMap<>();
    private long rows;
    private long missing;
    private long totalLength;
    private long present;
    private boolean overflow;

    CategoricalAccumulator(StatisticsOptions options) {
        this.options = options;
    }

    void add(Column column) {
        rows += column.size();
        missing += column.missingCount();
        if (column instanceof StringColumn strings) {
            List<String> dictionary = strings.dictionary();
            long[] local = new long[dictionary.size()];
            for (int code : strings.rawCodes()) {
                if (code >= 0) {
                    local[code]++;
                }
            }
            for (int code = 0; code < local.length; code++) {
                if (local[code] > 0) {
                    count(dictionary.get(code), local[code]);
                }
            }
        } else {
            BooleanColumn booleans = (BooleanColumn) column;
            long trues = 0;
            long falses = 0;
            for (int i = 0; i < booleans.size(); i++) {
                if (!booleans.isMissing(i)) {
                    if (booleans.value(i)) {
                        trues++;
                    } else {
                        falses++;
                    }
                }
            }
            if (trues > 0) {
                count("true", trues);
            }
            if (falses > 0) {
                count("false", falses);
            }
        }
    }

    private void count(String value, long count) {
        present += count;
        totalLength += (long) value.length() * count;
        long[] slot = counts.get(value);
        if (slot == null) {
            if (counts.size() >= options.maxTrackedValues()) {
                overflow = true;
                return;
            }
            slot = new long[1];
            counts.put(value, slot);
        }
        slot[0] += count;
    }

    long rows() {
        return rows;
    }

    long missing() {
        return missing;
    }

    CategoricalStatistics finish() {
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                .thenComparing(Map.Entry::getKey));
        List<ValueCount> top = new ArrayList<>();
        for (int i = 0; i < Math.min(options.topValues(), entries.size()); i++) {
            long c = entries.get(i).getValue()[0];
            top.add(new ValueCount(entries.get(i).getKey(), c, present == 0 ? 0 : c / (double) present));
        }
        boolean complete = !overflow && entries.size() <= options.topValues();
        return new CategoricalStatistics(counts.size(), top, complete,
                present == 0 ? 0 : totalLength / (double) present);
    }
}
