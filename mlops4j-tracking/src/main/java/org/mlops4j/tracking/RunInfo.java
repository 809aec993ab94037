package org.mlops4j.tracking;

/** A run's own fields. {@code startTime} and {@code endTime} are epoch milliseconds or null. */
public record RunInfo(String runId, String runName, String experimentId, String userId, RunStatus status,
                      Long startTime, Long endTime, String artifactUri, LifecycleStage lifecycleStage) {
}
