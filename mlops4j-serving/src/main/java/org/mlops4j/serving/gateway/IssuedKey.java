package org.mlops4j.serving.gateway;

/** A newly created key: {@code secret} is shown this once and cannot be recovered later. */
public record IssuedKey(ApiKey key, String secret) {
}
