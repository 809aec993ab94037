package org.mlops4j.bench;

import java.util.Arrays;

/**
 * Summary of timed samples, computed from a sorted copy (no histogram library: the sample counts
 * are small enough to keep every value).
 */
final class Latency {
    private static final double NANOS_PER_MS = 1_000_000.0;
    private final long[] sorted;
    private final long totalNanos;

    private Latency(long[] sorted) {
        this.sorted = sorted;
        this.totalNanos = Arrays.stream(sorted).sum();
    }

    /** @param nanos one duration per sample, in nanoseconds */
    static Latency of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] copy = nanos.clone();
        Arrays.sort(copy);
        return new Latency(copy);
    }

    /** One timed call; returns its duration in nanoseconds. */
    @FunctionalInterface
    interface TimedCall {
        long run();
    }

    /**
     * Calls {@code call} at least {@code minCalls} times and for at least {@code minNanos}: on a
     * shared machine a slow spell of a second moved the median of a few hundred fast calls by a
     * third, either way; spread over seconds, one spell weighs less.
     */
    static long[] sample(int minCalls, long minNanos, TimedCall call) {
        long[] nanos = new long[Math.max(16, minCalls)];
        int count = 0;
        long start = System.nanoTime();
        while (count < minCalls || System.nanoTime() - start < minNanos) {
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, nanos.length * 2);
            }
            nanos[count++] = call.run();
        }
        return Arrays.copyOf(nanos, count);
    }

    int count() {
        return sorted.length;
    }

    double totalMs() {
        return totalNanos / NANOS_PER_MS;
    }

    /** The middle sample, or the mean of the two middle ones. */
    double medianMs() {
        int n = sorted.length;
        long middle = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return middle / NANOS_PER_MS;
    }

    /** Nearest-rank percentile: the smallest sample with at least {@code p}% of samples at or below it. */
    double percentileMs(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / NANOS_PER_MS;
    }

    /** Samples per second if they ran back to back. */
    double perSecond() {
        return sorted.length / (totalNanos / 1e9);
    }
}
