package org.mlops4j.data.drift;

import java.util.LinkedHashSet;
import java.util.Set;
import org.mlops4j.data.ColumnType;

/**
 * L-infinity distance between the two samples' value shares, {@code max |p(v) - q(v)|} over all
 * values: TFDV's and Vertex AI's categorical skew/drift comparator. Neither gives a default
 * threshold; this one uses 0.1, like the other distances here.
 */
final class LInfinity implements DriftTest {
    @Override
    public String name() {
        return "linf";
    }

    @Override
    public String displayName() {
        return "L-infinity distance";
    }

    @Override
    public ScoreKind scoreKind() {
        return ScoreKind.DISTANCE;
    }

    @Override
    public double defaultThreshold() {
        return 0.1;
    }

    @Override
    public boolean supports(ColumnType type) {
        return type == ColumnType.CATEGORICAL || type == ColumnType.BOOLEAN;
    }

    @Override
    public double score(ColumnSample reference, ColumnSample current) {
        if (reference.size() == 0 || current.size() == 0) {
            return Double.NaN;
        }
        Set<String> keys = new LinkedHashSet<>(reference.counts().keySet());
        keys.addAll(current.counts().keySet());
        double max = 0;
        for (String key : keys) {
            double p = reference.counts().getOrDefault(key, 0L) / (double) reference.size();
            double q = current.counts().getOrDefault(key, 0L) / (double) current.size();
            max = Math.max(max, Math.abs(p - q));
        }
        return max;
    }
}
