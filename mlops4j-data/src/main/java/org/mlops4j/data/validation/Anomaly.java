package org.mlops4j.data.validation;

import java.util.List;

/**
 * One anomaly.
 *
 * @param column   the column concerned, null for dataset-level anomalies
 * @param count    how many values (or rows) are affected
 * @param examples a few offending values with their row numbers (1-based data rows)
 */
public record Anomaly(AnomalyCode code, Severity severity, String column, String description, long count,
                      List<String> examples) {
    public Anomaly {
        examples = List.copyOf(examples);
    }
}
