package org.mlops4j.serving.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key: a key allowed r requests per second holds up to r tokens (at least one),
 * refilled continuously. Thread-safe; each bucket is updated under its own lock.
 */
public final class RateLimiter {
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Takes a token; returns 0 when allowed, else the seconds to wait before retrying. */
    public double acquire(String keyId, double perSecond) {
        if (perSecond <= 0) {
            return 0; // unlimited
        }
        return buckets.computeIfAbsent(keyId, k -> new Bucket(perSecond)).take(perSecond, System.nanoTime());
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(double perSecond) {
            this.tokens = Math.max(1, perSecond);
            this.last = System.nanoTime();
        }

        synchronized double take(double perSecond, long now) {
            double capacity = Math.max(1, perSecond);
            tokens = Math.min(capacity, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (1 - tokens) / perSecond;
        }
    }
}
