package org.mlops4j.store.outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.jdbc.SqlDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional outbox: producers {@link #append} events inside their own write transaction,
 * so an event exists exactly when its change does; named subscribers receive them in id order,
 * at least once, from a persisted offset that survives restarts.
 *
 * <p>A subscriber whose handler throws is retried from the same event on the next poll, so it
 * never skips one. Handlers must therefore be idempotent. Thread-safe.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final int BATCH = 200;
    private static final long APPEND_LOCK = 0x6d6c6f7073346aL; // "mlops4j"

    private final Database db;
    private final Clock clock;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;

    /** A subscriber's handler. */
    @FunctionalInterface
    public interface Handler {
        void handle(OutboxEvent event) throws Exception;
    }

    private record Subscription(String name, Handler handler) {
    }

    public Outbox(Database db, Clock clock, long pollMillis) {
        this.db = db;
        this.clock = clock;
        db.migrate("outbox");
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mlops4j-outbox");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::deliverAllQuietly, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** Appends an event within the caller's transaction; returns its id. */
    public long append(Handle transaction, String aggregate, String type, String payloadJson) {
        if (db.dialect() == SqlDialect.POSTGRESQL) {
            // Sequence values can commit out of order, and a subscriber that has moved past id 11
            // would never see an id 10 committed later. Holding this lock until commit makes ids
            // commit in order. (SQLite writers are serialised already.)
            transaction.createQuery("SELECT pg_advisory_xact_lock(" + APPEND_LOCK + ")").mapTo(String.class).one();
        }
        return transaction.createUpdate("INSERT INTO outbox_events (aggregate, type, payload, created_at) VALUES (?, ?, ?, ?)")
                .bind(0, aggregate).bind(1, type).bind(2, payloadJson).bind(3, clock.millis())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /**
     * Registers a named subscriber. A new name starts from the first event ever written; a known
     * name resumes after the last event it acknowledged (also across restarts).
     */
    public void subscribe(String name, Handler handler) {
        if (subscriptions.putIfAbsent(name, new Subscription(name, handler)) != null) {
            throw new IllegalStateException("a subscriber named '" + name + "' is already registered");
        }
        db.writeVoid(h -> h.createUpdate("INSERT INTO outbox_offsets (subscriber, last_id) VALUES (?, 0) "
                + "ON CONFLICT (subscriber) DO NOTHING").bind(0, name).execute());
    }

    /**
     * Registers a subscriber for events written from now on only, for a short-lived process (a
     * scoring replica) that reacts to changes but has no use for history. Remove it with
     * {@link #unsubscribe} when the process stops.
     */
    public void subscribeFromNow(String name, Handler handler) {
        if (subscriptions.putIfAbsent(name, new Subscription(name, handler)) != null) {
            throw new IllegalStateException("a subscriber named '" + name + "' is already registered");
        }
        // "WHERE TRUE" keeps SQLite from reading ON CONFLICT as part of the SELECT.
        db.writeVoid(h -> h.createUpdate("INSERT INTO outbox_offsets (subscriber, last_id) "
                + "SELECT ?, COALESCE(MAX(id), 0) FROM outbox_events WHERE TRUE ON CONFLICT (subscriber) DO NOTHING")
                .bind(0, name).execute());
    }

    /** Stops a subscriber and forgets its offset. */
    public void unsubscribe(String name) {
        subscriptions.remove(name);
        db.writeVoid(h -> h.createUpdate("DELETE FROM outbox_offsets WHERE subscriber = ?").bind(0, name).execute());
    }

    /** Delivers pending events to every subscriber now (also runs on a timer). */
    public void deliverAll() {
        for (Subscription subscription : subscriptions.values()) {
            deliver(subscription);
        }
    }

    private void deliverAllQuietly() {
        try {
            deliverAll();
        } catch (RuntimeException e) {
            LOG.warn("outbox delivery failed; retrying on the next poll", e);
        }
    }

    private synchronized void deliver(Subscription subscription) {
        long offset = db.read(h -> h.createQuery("SELECT last_id FROM outbox_offsets WHERE subscriber = ?")
                .bind(0, subscription.name()).mapTo(Long.class).one());
        while (true) {
            List<OutboxEvent> events = after(offset, BATCH);
            if (events.isEmpty()) {
                return;
            }
            for (OutboxEvent event : events) {
                try {
                    subscription.handler().handle(event);
                } catch (Exception e) {
                    LOG.warn("subscriber '{}' failed on event {} ({}); will retry", subscription.name(), event.id(),
                            event.type(), e);
                    return;
                }
                offset = event.id();
                long acknowledged = offset;
                db.writeVoid(h -> h.createUpdate("UPDATE outbox_offsets SET last_id = ? WHERE subscriber = ?")
                        .bind(0, acknowledged).bind(1, subscription.name()).execute());
            }
        }
    }

    /** Events with id greater than {@code afterId}, oldest first. */
    public List<OutboxEvent> after(long afterId, int limit) {
        return db.read(h -> new ArrayList<>(h.createQuery("SELECT id, aggregate, type, payload, created_at FROM "
                        + "outbox_events WHERE id > ? ORDER BY id LIMIT ?").bind(0, afterId).bind(1, limit)
                .map((rs, ctx) -> new OutboxEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5)))
                .list()));
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
