package org.mlops4j.data.validation;

import java.util.List;

/** The anomalies found in a dataset of {@code rowCount} rows; empty when the data fits its schema. */
public record ValidationReport(long rowCount, List<Anomaly> anomalies) {
    public ValidationReport {
        anomalies = List.copyOf(anomalies);
    }

    public boolean isClean() {
        return anomalies.isEmpty();
    }

    public boolean hasErrors() {
        return anomalies.stream().anyMatch(a -> a.severity() == Severity.ERROR);
    }

    public List<Anomaly> withCode(AnomalyCode code) {
        return anomalies.stream().filter(a -> a.code() == code).toList();
    }
}
