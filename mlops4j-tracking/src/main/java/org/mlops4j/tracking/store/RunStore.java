package org.mlops4j.tracking.store;

import java.util.List;
import java.util.Optional;
import org.mlops4j.core.Page;
import org.mlops4j.tracking.DatasetInput;
import org.mlops4j.tracking.LifecycleStage;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.ViewType;
import org.mlops4j.tracking.search.Filter;
import org.mlops4j.tracking.search.OrderBy;

/**
 * Persistence of runs and what is logged on them. Implementations are thread-safe; every method is
 * one transaction, so a batch is written whole or not at all. Writes to a deleted run fail with
 * INVALID_PARAMETER_VALUE; a missing run gives RESOURCE_DOES_NOT_EXIST.
 */
public interface RunStore {

    Run create(RunInfo info, List<Tag> tags);

    Optional<Run> get(String runId);

    /** Updates status, end time and name where given (null leaves a field as it is). */
    RunInfo update(String runId, RunStatus status, Long endTime, String runName);

    void setLifecycleStage(String runId, LifecycleStage stage, long now);

    /**
     * Logs metrics (appended), params (immutable: a different value for a logged key is
     * INVALID_PARAMETER_VALUE, the same value is a no-op) and tags (last write wins), atomically.
     */
    void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags);

    default void logMetric(String runId, Metric metric) {
        logBatch(runId, List.of(metric), List.of(), List.of());
    }

    default void logParam(String runId, Param param) {
        logBatch(runId, List.of(), List.of(param), List.of());
    }

    default void setTag(String runId, Tag tag) {
        logBatch(runId, List.of(), List.of(), List.of(tag));
    }

    void deleteTag(String runId, String key);

    void logInputs(String runId, List<DatasetInput> inputs);

    /** All points of one metric, ordered by step, then timestamp; maxResults 0 means no paging. */
    Page<Metric> metricHistory(String runId, String key, int maxResults, String pageToken);

    /**
     * Runs of the given experiments that match the filter, ordered by {@code orderBy} then start
     * time (newest first) and run id. With {@code infoOnly} the runs carry no data or inputs.
     */
    Page<Run> search(List<String> experimentIds, Optional<Filter> filter, ViewType viewType, List<OrderBy> orderBy,
                     int maxResults, String pageToken, boolean infoOnly);
}
