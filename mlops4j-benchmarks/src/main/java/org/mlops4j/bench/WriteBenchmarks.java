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
     */
    record LogBatchFigures(Latency sequence, Latency batches) {
    }

    private final MlflowHttp http;
    private final String experimentId;
    private final SplittableRandom random = new SplittableRandom(42);

    WriteBenchmarks(MlflowHttp http, String experimentId) {
        this.http = http;
        this.experimentId = experimentId;
    }

    /** Logs 10,000 metrics in batches of 1,000 to a new run, {@code warmups + repeats} times. */
    LogBatchFigures logBatch(int warmups, int repeats) {
        long[] sequences = new long[repeats];
        List<Long> batches = new ArrayList<>();
        for (int r = -warmups; r < repeats; r++) {
            String runId = http.createRun(experimentId, System.currentTimeMillis());
            List<String> bodies = new ArrayList<>();
            for (int b = 0; b < BATCHES_PER_SEQUENCE; b++) {
                bodies.add(batchBody(runId, b));
            }
            long total = 0;
            for (String body : bodies) {
                long nanos = http.timedPost("runs/log-batch", body);
                total += nanos;
                if (r >= 0) {
                    batches.add(nanos);
                }
            }
            if (r >= 0) {
                sequences[r] = total;
            }
        }
        return new LogBatchFigures(Latency.of(sequences), Latency.of(batches.stream().mapToLong(Long::longValue).toArray()));
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

    /** Sequential single-metric requests from one thread to one run; only the last {@code timed} count. */
    Latency logMetric(int warmups, int timed) {
        String runId = http.createRun(experimentId, System.currentTimeMillis());
        long timestamp = System.currentTimeMillis();
        List<String> bodies = new ArrayList<>(warmups + timed);
        for (int i = 0; i < warmups + timed; i++) {
            bodies.add(Json.mapper().createObjectNode().put("run_id", runId).put("key", "loss")
                    .put("value", random.nextDouble()).put("timestamp", timestamp + i).put("step", i).toString());
        }
        long[] nanos = new long[timed];
        for (int i = 0; i < bodies.size(); i++) {
            long elapsed = http.timedPost("runs/log-metric", bodies.get(i));
            if (i >= warmups) {
                nanos[i - warmups] = elapsed;
            }
        }
        return Latency.of(nanos);
    }
}
