package org.mlops4j.data.drift;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.stats.Histograms;

/** The two samples' shares on common bins (numeric) or values (discrete, most frequent first), for charts. */
final class Distributions {
    static final int CHART_BINS = 20;
    static final int CHART_VALUES = 20;

    private Distributions() {
    }

    static Distribution[] of(ColumnSample reference, ColumnSample current) {
        if (reference.isNumeric() && reference.distinctUpTo(CHART_BINS) > CHART_BINS) {
            double[] r = reference.sorted();
            double[] c = current.sorted();
            double[] edges = Histograms.edges(Math.min(r[0], c[0]), Math.max(r[r.length - 1], c[c.length - 1]),
                    CHART_BINS);
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < CHART_BINS; i++) {
                labels.add(NumericColumn.format(round(edges[i])));
            }
            return new Distribution[] {
                new Distribution(labels, shares(Histograms.counts(r, edges), r.length)),
                new Distribution(labels, shares(Histograms.counts(c, edges), c.length))};
        }
        Set<String> keys = new LinkedHashSet<>();
        List<Map.Entry<String, Long>> byCount = new ArrayList<>(reference.counts().entrySet());
        byCount.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        byCount.forEach(e -> keys.add(e.getKey()));
        keys.addAll(current.counts().keySet());
        if (reference.isNumeric()) {
            List<String> numeric = new ArrayList<>(keys);
            numeric.sort(java.util.Comparator.comparingDouble(Double::parseDouble));
            keys.clear();
            keys.addAll(numeric);
        }
        List<String> labels = new ArrayList<>(keys).subList(0, Math.min(keys.size(), CHART_VALUES));
        List<Double> ref = new ArrayList<>();
        List<Double> cur = new ArrayList<>();
        for (String label : labels) {
            ref.add(reference.counts().getOrDefault(label, 0L) / (double) reference.size());
            cur.add(current.counts().getOrDefault(label, 0L) / (double) current.size());
        }
        if (keys.size() > labels.size()) {
            labels = new ArrayList<>(labels);
            labels.add("(other)");
            ref.add(1 - ref.stream().mapToDouble(Double::doubleValue).sum());
            cur.add(1 - cur.stream().mapToDouble(Double::doubleValue).sum());
        }
        return new Distribution[] {new Distribution(labels, ref), new Distribution(labels, cur)};
    }

    private static List<Double> shares(long[] counts, long total) {
        List<Double> shares = new ArrayList<>(counts.length);
        for (long count : counts) {
            shares.add(count / (double) total);
        }
        return shares;
    }

    private static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        double scale = Math.pow(10, 3 - Math.ceil(Math.log10(Math.abs(v))));
        return Math.round(v * scale) / scale;
    }
}
