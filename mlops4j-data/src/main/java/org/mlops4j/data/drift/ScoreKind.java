package org.mlops4j.data.drift;

/** What a test's score is, and so which side of the threshold means drift. */
public enum ScoreKind {
    /** A p-value: drift when it is below the threshold. */
    P_VALUE,
    /** A distance or divergence: drift when it is at or above the threshold. */
    DISTANCE;

    public boolean drifted(double score, double threshold) {
        if (Double.isNaN(score)) {
            return false;
        }
        return this == P_VALUE ? score < threshold : score >= threshold;
    }
}
