package org.mlops4j.tracking;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import org.mlops4j.store.artifact.ArtifactPath;
import org.mlops4j.store.artifact.ArtifactStore;
import org.mlops4j.store.artifact.ArtifactStores;
import org.mlops4j.train.DatasetInfo;
import org.mlops4j.train.MetricPoint;
import org.mlops4j.train.RunRecorder;

/**
 * Records training into tracking: runs and child runs (tagged {@code mlflow.parentRunId}) in the
 * named experiment (created on first use), params, metrics and histories in MLflow-sized batches,
 * dataset inputs with their context tag, and artifacts written to the artifact store under the
 * run's {@code mlflow-artifacts:/...} URI, where the server's artifact proxy serves them.
 * A failed run gets the tag {@value RunRecorder#FAILURE_TAG} with the reason and status FAILED.
 * Thread-safe.
 */
public final class TrackingRunRecorder implements RunRecorder {
    private final TrackingService tracking;
    private final ArtifactStore artifacts;
    private final Clock clock;
    private final Map<String, ArtifactPath> artifactRoots = new ConcurrentHashMap<>();

    /**
     * @param artifacts the store behind {@code mlflow-artifacts:} URIs (the server's artifacts destination)
     */
    public TrackingRunRecorder(TrackingService tracking, ArtifactStore artifacts, Clock clock) {
        this.tracking = tracking;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    @Override
    public String startRun(String experiment, String parentRunId, String runName, Map<String, String> tags) {
        List<Tag> all = new ArrayList<>();
        tags.forEach((k, v) -> all.add(new Tag(k, v)));
        if (parentRunId != null) {
            all.add(new Tag(PARENT_RUN_TAG, parentRunId));
        }
        Run run = tracking.createRun(experimentId(experiment), runName, clock.millis(), all, tags.get("mlflow.user"));
        return run.info().runId();
    }

    private String experimentId(String name) {
        try {
            return tracking.getExperimentByName(name).experimentId();
        } catch (MlopsException notFound) {
            if (notFound.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw notFound;
            }
        }
        try {
            return tracking.createExperiment(name, null, List.of());
        } catch (MlopsException e) {
            if (e.code() == ErrorCode.RESOURCE_ALREADY_EXISTS) { // created concurrently
                return tracking.getExperimentByName(name).experimentId();
            }
            throw e;
        }
    }

    @Override
    public void logParams(String runId, Map<String, String> params) {
        List<Param> all = params.entrySet().stream().map(e -> new Param(e.getKey(), e.getValue())).toList();
        for (int from = 0; from < all.size(); from += TrackingLimits.MAX_BATCH_PARAMS) {
            tracking.logBatch(runId, List.of(), all.subList(from, Math.min(all.size(), from + TrackingLimits.MAX_BATCH_PARAMS)),
                    List.of());
        }
    }

    @Override
    public void logMetrics(String runId, List<MetricPoint> metrics) {
        long now = clock.millis();
        List<Metric> all = metrics.stream().map(m -> new Metric(m.key(), m.value(), now, m.step())).toList();
        for (int from = 0; from < all.size(); from += TrackingLimits.MAX_BATCH_METRICS) {
            tracking.logBatch(runId, all.subList(from, Math.min(all.size(), from + TrackingLimits.MAX_BATCH_METRICS)),
                    List.of(), List.of());
        }
    }

    @Override
    public void logDataset(String runId, DatasetInfo dataset, String context) {
        String source = JsonNodeFactory.instance.objectNode().put("uri", dataset.source()).toString();
        String profile = JsonNodeFactory.instance.objectNode().put("num_rows", dataset.rows()).toString();
        LoggedDataset logged = new LoggedDataset(dataset.name(), dataset.digest(), "local", source, null, profile);
        tracking.logInputs(runId, List.of(new DatasetInput(List.of(new Tag(DatasetInput.CONTEXT_TAG, context)), logged)));
    }

    @Override
    public void logArtifact(String runId, String path, byte[] content) {
        ArtifactPath target = artifactRoot(runId).resolve(ArtifactPath.of(path));
        artifacts.put(target, new ByteArrayInputStream(content), content.length);
    }

    /** Where the run's artifacts live in the store; INVALID_STATE for runs whose artifacts live elsewhere. */
    public ArtifactPath artifactRoot(String runId) {
        return artifactRoots.computeIfAbsent(runId, id -> {
            String uri = tracking.getRun(id).info().artifactUri();
            return ArtifactStores.proxiedPath(uri).orElseThrow(() -> MlopsException.invalidState(
                    "Run %s keeps artifacts at %s, outside the server's artifact store; use an experiment without an "
                            + "explicit artifact location", id, uri));
        });
    }

    @Override
    public void setTags(String runId, Map<String, String> tags) {
        List<Tag> all = tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
        for (int from = 0; from < all.size(); from += TrackingLimits.MAX_BATCH_TAGS) {
            tracking.logBatch(runId, List.of(), List.of(),
                    all.subList(from, Math.min(all.size(), from + TrackingLimits.MAX_BATCH_TAGS)));
        }
    }

    @Override
    public void finishRun(String runId) {
        tracking.updateRun(runId, RunStatus.FINISHED, clock.millis(), null);
    }

    @Override
    public void failRun(String runId, String reason) {
        String text = reason == null || reason.isEmpty() ? "unknown error" : reason;
        if (text.length() > TrackingLimits.MAX_TAG_VALUE_LENGTH) {
            text = text.substring(0, TrackingLimits.MAX_TAG_VALUE_LENGTH - 3) + "...";
        }
        try {
            tracking.setTag(runId, new Tag(FAILURE_TAG, text));
        } finally {
            tracking.updateRun(runId, RunStatus.FAILED, clock.millis(), null);
        }
    }
}
