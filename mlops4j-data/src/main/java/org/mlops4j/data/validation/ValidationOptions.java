package org.mlops4j.data.validation;

/**
 * @param previousRowCount the previous dataset's row count to compare with (null: no comparison);
 *                         like TFDV's {@code num_examples_drift_comparator}
 * @param minRowFraction   the smallest allowed ratio of this row count to the previous one
 * @param maxRowFraction   the largest allowed ratio
 * @param maxExamples      offending values quoted per anomaly
 */
public record ValidationOptions(Long previousRowCount, double minRowFraction, double maxRowFraction,
                                int maxExamples) {
    public static ValidationOptions defaults() {
        return new ValidationOptions(null, 0.5, 2.0, 5);
    }

    public ValidationOptions withPreviousRowCount(long rows) {
        return new ValidationOptions(rows, minRowFraction, maxRowFraction, maxExamples);
    }
}
