package org.mlops4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlops4j.bench.BenchDatabase.Backend;
import org.mlops4j.bench.ResultTable.Target;
import org.mlops4j.core.FileTrees;
import org.mlops4j.server.MlopsServer;
import org.mlops4j.server.ServerConfig;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.tracking.TrackingService;

/**
 * Figures for the tracking server over real HTTP on loopback, per metadata backend: log-batch,
 * single log-metric and search_runs at several experiment sizes, each beside its target. A
 * benchmark, not a test: it prints, and never fails on a missed target.
 */
public final class TrackingBenchmark {
    private static final Target LOG_BATCH = Target.atMost(8, "ms");
    private static final Target LOG_METRIC = Target.atLeast(1_350, "req/s");
    /** Search targets exist for these experiment sizes only; other sizes are reported without one. */
    private static final Map<Integer, Target> SEARCH = Map.of(
            1_000, Target.atMost(5, "ms"),
            100_000, Target.atMost(200, "ms"));

    private final BenchOptions options;
    private final ResultTable table;

    private TrackingBenchmark(BenchOptions options, ResultTable table) {
        this.options = options;
        this.table = table;
    }

    public static void main(String[] args) throws Exception {
        QuietLogging.install();
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        Path workDir = options.workDir() != null ? Files.createDirectories(options.workDir())
                : Files.createTempDirectory("mlops4j-bench");
        long start = System.nanoTime();
        ResultTable table = new ResultTable();
        try {
            TrackingBenchmark benchmark = new TrackingBenchmark(options, table);
            for (Backend backend : options.backends()) {
                benchmark.run(backend, workDir);
            }
        } finally {
            if (options.workDir() == null) {
                FileTrees.delete(workDir);
            }
        }
        printHeader(options);
        table.print(System.out);
        System.out.printf(Locale.ROOT, "%nTotal time: %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private void run(Backend backend, Path workDir) throws Exception {
        System.err.println("== " + backend.label());
        try (BenchDatabase db = BenchDatabase.start(backend, workDir)) {
            Map<Integer, String> experiments = populate(db);
            String artifacts = workDir.resolve(backend.label()).resolve("artifacts").toString();
            try (MlopsServer server = MlopsServer.start(new ServerConfig("127.0.0.1", 0, db.uri(), artifacts));
                 MlflowHttp http = new MlflowHttp(server.url())) {
                measureFloor(backend, http);
                measureWrites(backend, http);
                SearchBenchmark search = new SearchBenchmark(http, options.searchWarmUp(), options.searchCalls(), options.minTimedNanos());
                for (Map.Entry<Integer, String> experiment : experiments.entrySet()) {
                    System.err.printf(Locale.ROOT, "  searching %,d runs%n", experiment.getKey());
                    report(backend, experiment.getKey(), search.measure(experiment.getValue()));
                }
            }
        }
    }

    /** One experiment per size, loaded through the Java API before the server starts; returns size to id. */
    private Map<Integer, String> populate(BenchDatabase db) throws Exception {
        Map<Integer, String> experiments = new LinkedHashMap<>();
        String backend = db.backend().label();
        try (Database database = db.openForBulkLoad()) {
            TrackingService tracking = TrackingService.onDatabase(database, Clock.systemUTC(), "mlflow-artifacts:");
            Populator populator = new Populator(tracking, options.populateThreads());
            for (int size : options.runSizes().stream().distinct().toList()) {
                Populator.Result result = populator.populate("search-" + size, size);
                experiments.put(size, result.experimentId());
                table.add(backend, String.format(Locale.ROOT, "populate %,d runs (Java API, %d threads)", size,
                        options.populateThreads()), result.elapsed().toMillis() / 1000.0, "s");
            }
        }
        long settle = System.nanoTime();
        db.settleAfterBulkLoad();
        table.add(backend, db.backend() == Backend.POSTGRESQL ? "settle: VACUUM ANALYZE + CHECKPOINT"
                : "settle: flush the database file", (System.nanoTime() - settle) / 1e9, "s");
        return experiments;
    }

    /**
     * Sequential GET /health calls: they warm the client's and the server's HTTP code, and give the
     * round-trip cost that every other figure includes.
     */
    private void measureFloor(Backend backend, MlflowHttp http) {
        long[] nanos = new long[options.httpWarmups() + options.logMetricRequests()];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = http.timedHealthCheck();
        }
        Latency floor = Latency.of(Arrays.copyOfRange(nanos, options.httpWarmups(), nanos.length));
        table.add(backend.label(), "floor: GET /health round trip p50", floor.medianMs(), "ms");
        table.add(backend.label(), "floor: GET /health round trip p99", floor.percentileMs(99), "ms");
    }

    private void measureWrites(Backend backend, MlflowHttp http) {
        String label = backend.label();
        WriteBenchmarks writes = new WriteBenchmarks(http, http.createExperiment("bench-writes"));
        System.err.println("  log-batch");
        WriteBenchmarks.LogBatchFigures batch = writes.logBatch(options.logBatchWarmUp(), options.logBatchRepeats(), options.minTimedNanos());
        addWarmUp(label, "log-batch", batch.warmUp());
        table.add(label, "log-batch 1,000 metrics: median per batch", batch.batches().medianMs(), "ms", LOG_BATCH);
        table.add(label, "log-batch 1,000 metrics: p99 per batch", batch.batches().percentileMs(99), "ms");
        table.add(label, String.format(Locale.ROOT, "log-batch 10,000 metrics: total (median of %d runs)",
                batch.sequence().count()), batch.sequence().medianMs(), "ms");
        System.err.println("  log-metric");
        WriteBenchmarks.LogMetricFigures logMetric = writes.logMetric(options.logMetricWarmUp(), options.logMetricRequests(), options.minTimedNanos());
        addWarmUp(label, "log-metric", logMetric.warmUp());
        Latency single = logMetric.requests();
        table.add(label, String.format(Locale.ROOT, "log-metric sequential, %,d requests", single.count()),
                single.perSecond(), "req/s", LOG_METRIC);
        table.add(label, "log-metric p50", single.medianMs(), "ms");
        table.add(label, "log-metric p99", single.percentileMs(99), "ms");
    }

    /** The warm-up's length is part of the result: it says whether the timed calls met a settled JIT. */
    private void addWarmUp(String backend, String figure, WarmUp.Report warmUp) {
        System.err.println("    warm-up: " + warmUp.describe());
        table.add(backend, figure + " warm-up" + (warmUp.jitQuiet() ? ", until the JIT was quiet" : ", JIT NOT quiet at the cap"),
                warmUp.elapsed().toMillis() / 1000.0, "s");
    }

    private void report(Backend backend, int size, List<SearchBenchmark.Figure> figures) {
        for (SearchBenchmark.Figure f : figures) {
            String figure = String.format(Locale.ROOT, "search %,d runs, %s (%d returned, %,d calls)", size,
                    f.query().label, f.returned(), f.latency().count());
            addWarmUp(backend.label(), String.format(Locale.ROOT, "search %,d runs, %s", size, f.query().label), f.warmUp());
            Target target = SEARCH.get(size);
            if (f.query() == SearchBenchmark.Query.FILTERED_100 && target != null) {
                table.add(backend.label(), figure + ": median", f.latency().medianMs(), "ms", target);
            } else {
                table.add(backend.label(), figure + ": median", f.latency().medianMs(), "ms");
            }
            table.add(backend.label(), figure + ": p95", f.latency().percentileMs(95), "ms");
        }
    }

    private static void printHeader(BenchOptions options) {
        System.out.println();
        System.out.printf(Locale.ROOT, "mlops4j tracking benchmark%s: Java %s, %d cores, one HTTP/1.1 client on loopback%n",
                options.quick() ? " (--quick)" : "", Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.println("Server stores are durable: SQLite WAL + synchronous=FULL; PostgreSQL fsync=on, "
                + "synchronous_commit=on.");
        System.out.println("Population goes through TrackingService without waiting for the disk on commit, then "
                + "is flushed (settle).");
        System.out.printf(Locale.ROOT, "HTTP: %,d GET /health calls warm client and server up before anything is timed.%n",
                options.httpWarmups());
        System.out.printf(Locale.ROOT, "Warm-up: every figure is preceded by at least the calls below and %d s of them,"
                + " and then by more until the JIT is quiet (under %d ms of compiling in %d s; at most %d s).%n",
                options.minWarmupSeconds(), WarmUp.QUIET_COMPILE_MILLIS, WarmUp.QUIET_WINDOW.toSeconds(),
                options.maxWarmupSeconds());
        System.out.printf(Locale.ROOT, "Timed: every figure takes at least the calls below and %d s of them (the table"
                + " gives the counts).%n", options.minTimedNanos() / 1_000_000_000L);
        System.out.printf(Locale.ROOT, "log-batch: %d warm-up + %d timed sequences of 10 x 1,000 metrics, a new run each."
                + " log-metric: %,d warm-up + %,d timed.%n", options.logBatchWarmups(), options.logBatchRepeats(),
                options.logMetricWarmups(), options.logMetricRequests());
        System.out.printf(Locale.ROOT, "search: %d warm-up + %d timed calls; filter \"%s\", order_by \"%s\".%n",
                options.searchWarmups(), options.searchCalls(), SearchBenchmark.FILTER, SearchBenchmark.ORDER_BY);
        System.out.println();
    }
}
