package org.mlops4j.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mlops4j.core.Json;

/**
 * Logging figures over HTTP. Request bodies are built before the clock starts, so the figures are
 * the server's (and the loopback's), not the client's JSON encoding.
 */
final class WriteBenchmarks {
    static final int BATCH_SIZE = 1_000;
    static final int BATCHES_PER_SEQUENCE = 10;
    /** A training loop's metrics: ten keys, each logged at every step. */
    private static final List<String> KEYS = List.of("train_loss", "val_loss", "train_acc", "val_acc", "lr",
            "grad_norm", "epoch_time", "throughput", "precision", "recall");

    /**
     * @param sequence  total time of each timed 10-batch sequence (10,000 metrics)
     * @param batches   every timed batch of 1,000 metrics
     * @param warmUp    the untimed sequences before them
     */
    record LogBatchFigures(Latency sequence, Latency batches, WarmUp.Report warmUp) {
    }

    /** Every timed single-metric request, and the untimed ones before them. */
    record LogMetricFigures(Latency requests, WarmUp.Report warmUp) {
    }

    private final MlflowHttp http;
    private final String experimentId;
    private final SplittableRandom random = new SplittableRandom(42);

    WriteBenchmarks(MlflowHttp http, String experimentId) {
        this.http = http;
        this.experimentId = experimentId;
    }

    /**
     * Logs 10,000 metrics in batches of 1,000 to a new run: untimed sequences until {@code warmUp}
     * lets go, then at least {@code repeats} timed and {@code minTimedNanos} of them, an odd number
     * (so that the median sequence is one real sequence).
     */
    LogBatchFigures logBatch(WarmUp warmUp, int repeats, long minTimedNanos) {
        WarmUp.Report warmed = warmUp.run(this::logBatchSequence);
        List<Long> sequences = new ArrayList<>();
        List<Long> batches = new ArrayList<>();
        long start = System.nanoTime();
        while (sequences.size() < repeats || System.nanoTime() - start < minTimedNanos || sequences.size() % 2 == 0) {
            long total = 0;
            for (long nanos : logBatchSequence()) {
                total += nanos;
                batches.add(nanos);
            }
            sequences.add(total);
        }
        return new LogBatchFigures(Latency.of(longs(sequences)), Latency.of(longs(batches)), warmed);
    }

    private static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** One sequence of {@link #BATCHES_PER_SEQUENCE} batches to a new run; each batch's time. */
    private long[] logBatchSequence() {
        String runId = http.createRun(experimentId, System.currentTimeMillis());
        List<String> bodies = new ArrayList<>();
        for (int b = 0; b < BATCHES_PER_SEQUENCE; b++) {
            bodies.add(batchBody(runId, b));
        }
        long[] nanos = new long[bodies.size()];
        for (int b = 0; b < bodies.size(); b++) {
            nanos[b] = http.timedPost("runs/log-batch", bodies.get(b));
        }
        return nanos;
    }

    /** Batch {@code b} holds steps {@code b*100 .. b*100+99} of every key. */
    private String batchBody(String runId, int batch) {
        ObjectNode body = Json.mapper().createObjectNode().put("run_id", runId);
        ArrayNode metrics = body.putArray("metrics");
        long timestamp = System.currentTimeMillis();
        int stepsPerBatch = BATCH_SIZE / KEYS.size();
        for (int s = 0; s < stepsPerBatch; s++) {
            long step = (long) batch * stepsPerBatch + s;
            for (String key : KEYS) {
                metrics.addObject().put("key", key).put("value", random.nextDouble()).put("timestamp", timestamp + step)
                        .put("step", step);
            }
        }
        return body.toString();
    }

    /**
     * Sequential single-metric requests from one thread to one run: untimed ones until
     * {@code warmUp} lets go, then at least {@code timed} timed and {@code minTimedNanos} of them.
     * Each body is built before its request's clock starts.
     */
    LogMetricFigures logMetric(WarmUp warmUp, int timed, long minTimedNanos) {
        String runId = http.createRun(experimentId, System.currentTimeMillis());
        long timestamp = System.currentTimeMillis();
        int[] step = {0};
        WarmUp.Report warmed = warmUp.run(() -> http.timedPost("runs/log-metric", metricBody(runId, timestamp, step[0]++)));
        long[] nanos = Latency.sample(timed, minTimedNanos,
                () -> http.timedPost("runs/log-metric", metricBody(runId, timestamp, step[0]++)));
        return new LogMetricFigures(Latency.of(nanos), warmed);
    }

    private String metricBody(String runId, long timestamp, int step) {
        return Json.mapper().createObjectNode().put("run_id", runId).put("key", "loss").put("value", random.nextDouble())
                .put("timestamp", timestamp + step).put("step", step).toString();
    }
}
