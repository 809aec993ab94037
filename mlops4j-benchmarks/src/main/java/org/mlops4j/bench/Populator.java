package org.mlops4j.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.TrackingService;

/**
 * Fills an experiment with training-like runs through the Java API (HTTP would add nothing but
 * time here). Each run has params p0..p9, metrics m0..m9 and a few system tags with varied values,
 * so filters select a realistic fraction and sorts have real work to do. Params and metrics derive
 * from the run's index, so every population of a size holds the same data.
 */
final class Populator {
    static final List<String> ALGORITHMS = List.of("xgboost", "lightgbm", "random_forest", "logistic_regression", "mlp");
    private static final List<String> OPTIMIZERS = List.of("adam", "sgd", "rmsprop", "adagrad");
    private static final List<String> LEARNING_RATES = List.of("0.001", "0.003", "0.01", "0.03", "0.1", "0.3");
    private static final long START = 1_735_689_600_000L; // 2025-01-01, runs then start about a minute apart

    record Result(String experimentId, int runs, Duration elapsed) {
    }

    private final TrackingService tracking;
    private final int threads;

    Populator(TrackingService tracking, int threads) {
        this.tracking = tracking;
        this.threads = threads;
    }

    Result populate(String experimentName, int runs) throws Exception {
        String experimentId = tracking.createExperiment(experimentName, null, List.of());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < runs; i = next.getAndIncrement()) {
                        logRun(experimentId, i);
                        reportProgress(experimentName, done.incrementAndGet(), runs, start);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(); // rethrows the first failure
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(experimentId, runs, Duration.ofNanos(System.nanoTime() - start));
    }

    private void logRun(String experimentId, int index) {
        SplittableRandom random = new SplittableRandom(0x5EEDL * 31 + index);
        long startTime = START + index * 60_000L + random.nextInt(60_000);
        List<Tag> tags = List.of(
                new Tag("mlflow.source.type", "LOCAL"),
                new Tag("mlflow.source.name", "train_" + ALGORITHMS.get(index % ALGORITHMS.size()) + ".py"),
                new Tag("mlflow.source.git.commit", Long.toHexString(random.nextLong() | Long.MIN_VALUE)));
        Run run = tracking.createRun(experimentId, null, startTime, tags, "user" + random.nextInt(20));
        long endTime = startTime + 30_000 + random.nextInt(3_600_000);
        tracking.logBatch(run.info().runId(), metrics(random, endTime), params(random), List.of());
    }

    private static List<Param> params(SplittableRandom random) {
        return List.of(
                new Param("p0", ALGORITHMS.get(random.nextInt(ALGORITHMS.size()))),
                new Param("p1", Integer.toString(10 + random.nextInt(1991))),            // n_estimators
                new Param("p2", LEARNING_RATES.get(random.nextInt(LEARNING_RATES.size()))),
                new Param("p3", Integer.toString(2 + random.nextInt(15))),               // max_depth
                new Param("p4", String.format(Locale.ROOT, "%.2f", 0.5 + random.nextDouble() / 2)), // subsample
                new Param("p5", Integer.toString(random.nextInt(100_000))),             // seed
                new Param("p6", OPTIMIZERS.get(random.nextInt(OPTIMIZERS.size()))),
                new Param("p7", Integer.toString(16 << random.nextInt(7))),              // batch size 16..1024
                new Param("p8", "v" + (1 + random.nextInt(12))),                         // dataset version
                new Param("p9", Integer.toHexString(random.nextInt()))); // feature-set hash: high cardinality
    }

    private static List<Metric> metrics(SplittableRandom random, long timestamp) {
        long step = 1 + random.nextInt(200); // the last epoch logged
        double loss = -Math.log(1 - random.nextDouble()) * 0.3; // exponential, mean 0.3
        double[] values = {
            random.nextDouble(),                                  // m0: uniform [0, 1]
            clamp(0.75 + random.nextGaussian() * 0.1),            // m1: accuracy-like, around 0.75
            loss,                                                 // m2: training loss
            loss * (1 + random.nextDouble()),                     // m3: validation loss
            clamp(0.7 + random.nextGaussian() * 0.15),            // m4: F1-like
            clamp(0.8 + random.nextGaussian() * 0.08),            // m5: AUC-like
            10 + random.nextDouble() * 3600,                      // m6: training seconds
            random.nextInt(16_000),                               // m7: peak memory MB
            Math.exp(random.nextGaussian()),                      // m8: log-normal
            random.nextDouble() < 0.01 ? 0 : random.nextDouble(), // m9: some exact zeros
        };
        List<Metric> metrics = new ArrayList<>(values.length);
        for (int k = 0; k < values.length; k++) {
            metrics.add(new Metric("m" + k, values[k], timestamp, step));
        }
        return metrics;
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }

    private static void reportProgress(String name, int done, int total, long startNanos) {
        if (total >= 10_000 && done % (total / 10) == 0) {
            System.err.printf(Locale.ROOT, "  populating %s: %d/%d runs, %.0f s%n", name, done, total,
                    (System.nanoTime() - startNanos) / 1e9);
        }
    }
}
