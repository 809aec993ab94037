package org.mlops4j.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * When a warm-up may stop: after at least {@code minCalls} calls and {@code minNanos}, and once the
 * JIT has gone quiet, so the clock never starts while the compiler threads still take a core.
 *
 * <p>Why the JIT test: the benchmark hosts the server in its own JVM, and on two cores C2 spent
 * about 30 s compiling the log-metric path (user CPU 60-80% with one request in flight). Sequential
 * log-metric rose from 1,050 to 2,000 req/s over those 30 s while the 10 s warm-up had long ended.
 * "Quiet" means the JVM's total compilation time grew by less than {@link #QUIET_COMPILE_MILLIS}
 * over the last {@link #QUIET_WINDOW}; a JVM without that counter falls back to the time rule.
 */
final class WarmUp {
    static final Duration QUIET_WINDOW = Duration.ofSeconds(2);
    static final long QUIET_COMPILE_MILLIS = 20;

    private final int minCalls;
    private final long minNanos;
    private final long maxNanos;
    private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();

    /**
     * @param maxNanos a cap, so a JIT that never settles cannot hang the benchmark; the figure
     *                 then says how long the warm-up took and whether it hit the cap
     */
    WarmUp(int minCalls, long minNanos, long maxNanos) {
        this.minCalls = minCalls;
        this.minNanos = minNanos;
        this.maxNanos = Math.max(minNanos, maxNanos);
    }

    /** What a warm-up took: its calls, its wall time, and whether the JIT was quiet when it ended. */
    record Report(int calls, Duration elapsed, boolean jitQuiet) {
        String describe() {
            return String.format(java.util.Locale.ROOT, "%,d calls in %.1f s%s", calls, elapsed.toMillis() / 1000.0,
                    jitQuiet ? "" : ", JIT still compiling at the cap");
        }
    }

    /** Runs {@code call} until the rules above let go. */
    Report run(Runnable call) {
        boolean measurable = compiler != null && compiler.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        long windowStart = start;
        long windowCompileMillis = measurable ? compiler.getTotalCompilationTime() : 0;
        boolean quiet = !measurable;
        int calls = 0;
        while (true) {
            call.run();
            calls++;
            long now = System.nanoTime();
            if (measurable && now - windowStart >= QUIET_WINDOW.toNanos()) {
                long compileMillis = compiler.getTotalCompilationTime();
                quiet = compileMillis - windowCompileMillis < QUIET_COMPILE_MILLIS;
                windowStart = now;
                windowCompileMillis = compileMillis;
            }
            boolean minimumDone = calls >= minCalls && now - start >= minNanos;
            if (minimumDone && (quiet || now - start >= maxNanos)) {
                return new Report(calls, Duration.ofNanos(now - start), quiet);
            }
        }
    }
}
