package org.mlops4j.store.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;

class OutboxTest {
    @TempDir
    Path dir;

    private static void append(Database db, Outbox outbox, String aggregate, String type) {
        db.writeVoid(h -> outbox.append(h, aggregate, type, "{}"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void subscriber_getsEveryEventInOrder_andResumesFromItsOffsetAfterRestart(Backend backend) {
        String uri = TestDatabases.newDatabaseUri(backend, dir);
        List<String> seen = new ArrayList<>();
        try (Database db = Database.open(uri); Outbox outbox = new Outbox(db, Clock.systemUTC(), 3_600_000)) {
            append(db, outbox, "m", "e1");
            append(db, outbox, "m", "e2");
            outbox.subscribe("audit", e -> seen.add(e.type()));
            outbox.deliverAll();
            append(db, outbox, "m", "e3");
        }
        assertThat(seen).containsExactly("e1", "e2");
        // A new process: the same subscriber name continues after e2, and a new name starts from the beginning.
        List<String> resumed = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        try (Database db = Database.open(uri); Outbox outbox = new Outbox(db, Clock.systemUTC(), 3_600_000)) {
            outbox.subscribe("audit", e -> resumed.add(e.type()));
            outbox.subscribe("webhooks", e -> fresh.add(e.type()));
            outbox.deliverAll();
        }
        assertThat(resumed).containsExactly("e3");
        assertThat(fresh).containsExactly("e1", "e2", "e3");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void subscribeFromNow_skipsHistory_andUnsubscribeForgetsTheOffset(Backend backend) {
        try (Database db = Database.open(TestDatabases.newDatabaseUri(backend, dir));
             Outbox outbox = new Outbox(db, Clock.systemUTC(), 3_600_000)) {
            append(db, outbox, "m", "old");
            List<String> seen = new ArrayList<>();
            outbox.subscribeFromNow("replica-1", e -> seen.add(e.type()));
            append(db, outbox, "m", "new");
            outbox.deliverAll();
            assertThat(seen).containsExactly("new");
            outbox.unsubscribe("replica-1");
            long offsets = db.read(h -> h.createQuery("SELECT COUNT(*) FROM outbox_offsets").mapTo(Long.class).one());
            assertThat(offsets).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void failingHandler_isRetriedFromTheSameEvent_neverSkipping(Backend backend) {
        try (Database db = Database.open(TestDatabases.newDatabaseUri(backend, dir));
             Outbox outbox = new Outbox(db, Clock.systemUTC(), 3_600_000)) {
            AtomicInteger failuresLeft = new AtomicInteger(2);
            List<String> seen = new ArrayList<>();
            outbox.subscribe("flaky", e -> {
                if (e.type().equals("e2") && failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("downstream unavailable");
                }
                seen.add(e.type());
            });
            for (String type : List.of("e1", "e2", "e3")) {
                append(db, outbox, "m", type);
            }
            outbox.deliverAll();
            outbox.deliverAll();
            assertThat(seen).containsExactly("e1");
            outbox.deliverAll();
            assertThat(seen).containsExactly("e1", "e2", "e3");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void rolledBackTransaction_leavesNoEvent(Backend backend) {
        try (Database db = Database.open(TestDatabases.newDatabaseUri(backend, dir));
             Outbox outbox = new Outbox(db, Clock.systemUTC(), 3_600_000)) {
            try {
                db.writeVoid(h -> {
                    outbox.append(h, "m", "never", "{}");
                    throw new IllegalStateException("change failed");
                });
            } catch (IllegalStateException expected) {
                // the change and its event go together
            }
            assertThat(outbox.after(0, 10)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrentAppends_areDeliveredWithoutGaps(Backend backend) throws Exception {
        try (Database db = Database.open(TestDatabases.newDatabaseUri(backend, dir));
             Outbox outbox = new Outbox(db, Clock.systemUTC(), 5)) {
            List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            outbox.subscribe("counter", e -> seen.add(e.id()));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        append(db, outbox, "model-" + thread, "e" + i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            outbox.deliverAll();
            assertThat(seen).hasSize(400).isSorted().doesNotHaveDuplicates();
        }
    }
}
