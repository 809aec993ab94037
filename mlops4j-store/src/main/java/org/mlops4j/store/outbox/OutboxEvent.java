package org.mlops4j.store.outbox;

/**
 * One event in the outbox. {@code aggregate} names what changed (e.g. a registered model's name);
 * delivery preserves order by id, hence per aggregate. {@code payload} is JSON.
 */
public record OutboxEvent(long id, String aggregate, String type, String payload, long createdAt) {
}
