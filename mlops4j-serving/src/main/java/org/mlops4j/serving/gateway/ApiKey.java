package org.mlops4j.serving.gateway;

/** An API key's record. The key itself is never stored; {@code prefix} helps people tell keys apart. */
public record ApiKey(String id, String endpoint, String prefix, String description, double requestsPerSecond,
                     long createdAt, Long revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
