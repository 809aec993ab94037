package org.mlops4j.data.drift;

import java.util.List;

/** Shares of a sample per bin or value, for charts; {@code labels} and {@code shares} align. */
public record Distribution(List<String> labels, List<Double> shares) {
    public Distribution {
        labels = List.copyOf(labels);
        shares = List.copyOf(shares);
    }
}
