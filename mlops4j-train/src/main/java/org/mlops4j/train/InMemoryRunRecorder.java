package org.mlops4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link RunRecorder} that keeps runs in memory, for notebooks, embedding and tests. Thread-safe.
 */
public final class InMemoryRunRecorder implements RunRecorder {

    /** Run states, as tracking names them. */
    public enum Status { RUNNING, FINISHED, FAILED }

    /** One recorded run; its collections are live views, read them after training. */
    public static final class RecordedRun {
        private final String runId;
        private final String experiment;
        private final String parentRunId;
        private final String name;
        private final Map<String, String> tags = new TreeMap<>();
        private final Map<String, String> params = new TreeMap<>();
        private final List<MetricPoint> metrics = new ArrayList<>();
        private final Map<String, String> datasets = new LinkedHashMap<>();
        private final Map<String, byte[]> artifacts = new TreeMap<>();
        private Status status = Status.RUNNING;

        RecordedRun(String runId, String experiment, String parentRunId, String name, Map<String, String> tags) {
            this.runId = runId;
            this.experiment = experiment;
            this.parentRunId = parentRunId;
            this.name = name;
            this.tags.putAll(tags);
        }

        public String runId() {
            return runId;
        }

        public String experiment() {
            return experiment;
        }

        public String parentRunId() {
            return parentRunId;
        }

        public String name() {
            return name;
        }

        public synchronized Status status() {
            return status;
        }

        public synchronized Map<String, String> tags() {
            return Map.copyOf(tags);
        }

        public synchronized Map<String, String> params() {
            return Map.copyOf(params);
        }

        /** Every metric point in logging order. */
        public synchronized List<MetricPoint> metrics() {
            return List.copyOf(metrics);
        }

        /** The history of one metric (values by step order of logging). */
        public synchronized List<MetricPoint> history(String key) {
            return metrics.stream().filter(m -> m.key().equals(key)).toList();
        }

        /** The last value logged for a metric. */
        public synchronized Optional<Double> latest(String key) {
            List<MetricPoint> h = history(key);
            return h.isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1).value());
        }

        /** Dataset digests by context (training, validation, testing). */
        public synchronized Map<String, String> datasets() {
            return Map.copyOf(datasets);
        }

        public synchronized Map<String, byte[]> artifacts() {
            return Collections.unmodifiableMap(new TreeMap<>(artifacts));
        }
    }

    private final Map<String, RecordedRun> runs = new LinkedHashMap<>();
    private int counter;

    @Override
    public synchronized String startRun(String experiment, String parentRunId, String runName, Map<String, String> tags) {
        String id = "run-" + (++counter);
        Map<String, String> all = new TreeMap<>(tags);
        if (parentRunId != null) {
            all.put(PARENT_RUN_TAG, parentRunId);
        }
        runs.put(id, new RecordedRun(id, experiment, parentRunId, runName != null ? runName : id, all));
        return id;
    }

    /** Every run in start order. */
    public synchronized List<RecordedRun> runs() {
        return List.copyOf(runs.values());
    }

    public synchronized RecordedRun run(String runId) {
        RecordedRun run = runs.get(runId);
        if (run == null) {
            throw new IllegalArgumentException("no run " + runId);
        }
        return run;
    }

    /** The child runs of a run, in start order. */
    public synchronized List<RecordedRun> children(String parentRunId) {
        return runs.values().stream().filter(r -> parentRunId.equals(r.parentRunId)).toList();
    }

    @Override
    public void logParams(String runId, Map<String, String> params) {
        RecordedRun run = run(runId);
        synchronized (run) {
            params.forEach((k, v) -> {
                String before = run.params.putIfAbsent(k, v);
                if (before != null && !before.equals(v)) {
                    throw new IllegalStateException("param " + k + " logged twice with different values");
                }
            });
        }
    }

    @Override
    public void logMetrics(String runId, List<MetricPoint> metrics) {
        RecordedRun run = run(runId);
        synchronized (run) {
            run.metrics.addAll(metrics);
        }
    }

    @Override
    public void logDataset(String runId, DatasetInfo dataset, String context) {
        RecordedRun run = run(runId);
        synchronized (run) {
            run.datasets.put(context, dataset.digest());
        }
    }

    @Override
    public void logArtifact(String runId, String path, byte[] content) {
        RecordedRun run = run(runId);
        synchronized (run) {
            run.artifacts.put(path, content.clone());
        }
    }

    @Override
    public void setTags(String runId, Map<String, String> tags) {
        RecordedRun run = run(runId);
        synchronized (run) {
            run.tags.putAll(tags);
        }
    }

    @Override
    public void finishRun(String runId) {
        RecordedRun run = run(runId);
        synchronized (run) {
            run.status = Status.FINISHED;
        }
    }

    @Override
    public void failRun(String runId, String reason) {
        RecordedRun run = run(runId);
        synchronized (run) {
            run.tags.put(FAILURE_TAG, reason);
            run.status = Status.FAILED;
        }
    }
}
