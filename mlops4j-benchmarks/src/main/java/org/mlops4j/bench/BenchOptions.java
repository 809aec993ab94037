package org.mlops4j.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mlops4j.bench.BenchDatabase.Backend;

/**
 * Command line of {@link TrackingBenchmark}.
 *
 * @param workDir where databases and artifacts go; {@code null} means a temporary directory
 */
record BenchOptions(List<Backend> backends, List<Integer> runSizes, boolean quick, int populateThreads, Path workDir) {
    static final String USAGE = """
            usage: TrackingBenchmark [--backend sqlite|postgresql|both] [--runs 1000,100000] [--quick]
                                     [--threads N] [--work-dir DIR]
              --backend   which metadata store to measure (default both)
              --runs      experiment sizes for the search figures (default 1000,100000; --quick: 1000,10000)
              --quick     smaller sizes and fewer iterations, for a smoke run
              --threads   threads that populate the search experiments (default 4)
              --work-dir  directory for the databases (default: a temporary one, deleted at the end)""";

    static BenchOptions parse(String[] args) {
        List<Backend> backends = List.of(Backend.values());
        List<Integer> sizes = null;
        boolean quick = false;
        int threads = 4;
        Path workDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--backend" -> backends = backends(value(args, ++i));
                case "--runs" -> sizes = Arrays.stream(value(args, ++i).split(",")).map(String::trim)
                        .map(Integer::parseInt).toList();
                case "--quick" -> quick = true;
                case "--threads" -> threads = Integer.parseInt(value(args, ++i));
                case "--work-dir" -> workDir = Path.of(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (sizes == null) {
            sizes = quick ? List.of(1_000, 10_000) : List.of(1_000, 100_000);
        }
        if (sizes.stream().anyMatch(n -> n <= 0) || threads <= 0) {
            throw new IllegalArgumentException("--runs and --threads take positive numbers");
        }
        return new BenchOptions(backends, sizes, quick, threads, workDir);
    }

    private static List<Backend> backends(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "both" -> List.of(Backend.values());
            case "sqlite" -> List.of(Backend.SQLITE);
            case "postgresql", "postgres" -> List.of(Backend.POSTGRESQL);
            default -> throw new IllegalArgumentException("--backend takes sqlite, postgresql or both, not " + value);
        };
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    // Iteration counts: the full run follows the brief's figures, --quick only checks that it all works.

    /** GET /health calls that warm both HTTP stacks before anything is timed (the JIT needs thousands). */
    int httpWarmups() {
        return quick ? 2_000 : 10_000;
    }

    /**
     * Each timed figure is also warmed up for at least this long (10 s; {@code -DwarmupSeconds=N}
     * through {@code BENCH_JAVA_OPTS}). Counts alone left C2 still compiling the log-batch path when
     * the clock started: the same server answered a 1,000-metric batch in 7.5 ms (p50) over its
     * first 8 s of wrk and 4.7 ms over the next 8 s.
     */
    private long minWarmupNanos() {
        return (quick ? 1 : Long.getLong("warmupSeconds", 10)) * 1_000_000_000L;
    }

    /** The longest a warm-up waits for the JIT to go quiet (90 s; {@code -DwarmupMaxSeconds=N}). */
    private long maxWarmupNanos() {
        return (quick ? 5 : Long.getLong("warmupMaxSeconds", 90)) * 1_000_000_000L;
    }

    long minWarmupSeconds() {
        return minWarmupNanos() / 1_000_000_000L;
    }

    long maxWarmupSeconds() {
        return maxWarmupNanos() / 1_000_000_000L;
    }

    /**
     * Each figure's timed calls also last at least this long (5 s; {@code -DtimedSeconds=N}): 100
     * searches of 5 ms took half a second, and a slow spell of the machine as long as that moved
     * their median by a third.
     */
    long minTimedNanos() {
        return (quick ? 0 : Long.getLong("timedSeconds", 5)) * 1_000_000_000L;
    }

    /** Whole 10-batch sequences before timing: the insert path needs its JIT warm-up too. */
    WarmUp logBatchWarmUp() {
        return new WarmUp(logBatchWarmups(), minWarmupNanos(), maxWarmupNanos());
    }

    int logBatchWarmups() {
        return quick ? 3 : 10;
    }

    /** Odd, so the median sequence is one real sequence. */
    int logBatchRepeats() {
        return quick ? 3 : 11;
    }

    WarmUp logMetricWarmUp() {
        return new WarmUp(logMetricWarmups(), minWarmupNanos(), maxWarmupNanos());
    }

    int logMetricWarmups() {
        return quick ? 1_000 : 3_000;
    }

    int logMetricRequests() {
        return quick ? 1_000 : 5_000;
    }

    /**
     * Per query shape. A server answers the same kinds of search all day: a few dozen calls left
     * the reading and JSON code interpreted and the figures twice the steady state.
     */
    WarmUp searchWarmUp() {
        return new WarmUp(searchWarmups(), minWarmupNanos(), maxWarmupNanos());
    }

    int searchWarmups() {
        return quick ? 50 : 300;
    }

    int searchCalls() {
        return quick ? 50 : 100;
    }
}
