package org.mlops4j.data.validation;

/** How bad an anomaly is: an ERROR should stop a pipeline, a WARNING asks a person to look. */
public enum Severity {
    WARNING,
    ERROR
}
