package org.mlops4j.train;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where training records what it does: runs (a parent run, and a child run per search trial), their
 * parameters, metrics (with per-iteration histories), datasets, artifacts and outcome. The tracking
 * module implements it over its database and artifact store; {@link #none()} records nothing and
 * {@link InMemoryRunRecorder} keeps everything in memory.
 *
 * <p>The trainer calls {@link #finishRun} or {@link #failRun} for every run it starts, also when
 * training fails, so a run is never left RUNNING.
 */
public interface RunRecorder {
    /** Tag naming the parent of a child run (MLflow's convention). */
    String PARENT_RUN_TAG = "mlflow.parentRunId";
    /** Tag holding why a run failed. */
    String FAILURE_TAG = "mlops4j.failure_reason";

    /**
     * Starts a run and returns its id.
     *
     * @param experiment  experiment name; created when it does not exist
     * @param parentRunId the parent for a child run, or null
     * @param runName     a name, or null to have one generated
     */
    String startRun(String experiment, String parentRunId, String runName, Map<String, String> tags);

    void logParams(String runId, Map<String, String> params);

    /** Logs metric points; several points of one key with increasing steps form its history. */
    void logMetrics(String runId, List<MetricPoint> metrics);

    /** Records a dataset the run used; {@code context} is training, validation or testing. */
    void logDataset(String runId, DatasetInfo dataset, String context);

    /** Stores an artifact under the run, at a relative path such as {@code model/bundle.json}. */
    void logArtifact(String runId, String path, byte[] content);

    void setTags(String runId, Map<String, String> tags);

    /** Marks the run FINISHED. */
    void finishRun(String runId);

    /** Marks the run FAILED, recording {@code reason}. */
    void failRun(String runId, String reason);

    /** A recorder that records nothing (run ids are {@code local-1}, {@code local-2}, ...). */
    static RunRecorder none() {
        AtomicLong counter = new AtomicLong();
        return new RunRecorder() {
            @Override
            public String startRun(String experiment, String parentRunId, String runName, Map<String, String> tags) {
                return "local-" + counter.incrementAndGet();
            }

            @Override
            public void logParams(String runId, Map<String, String> params) {
            }

            @Override
            public void logMetrics(String runId, List<MetricPoint> metrics) {
            }

            @Override
            public void logDataset(String runId, DatasetInfo dataset, String context) {
            }

            @Override
            public void logArtifact(String runId, String path, byte[] content) {
            }

            @Override
            public void setTags(String runId, Map<String, String> tags) {
            }

            @Override
            public void finishRun(String runId) {
            }

            @Override
            public void failRun(String runId, String reason) {
            }
        };
    }
}
