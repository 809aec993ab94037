package org.mlops4j.serving.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;

class PayloadLogTest {
    @TempDir
    Path dir;

    private static PayloadRecord record(String requestId, int row) {
        return new PayloadRecord(requestId, row, "credit", "credit-risk", "3", "primary", 1_700_000_000_000L + row, 0.4,
                "{\"Age\":" + row + "}", "{\"prediction\":\"No Risk\"}");
    }

    private static long count(Database db) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM payload_records").mapTo(Long.class).one());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void acknowledgedRecords_areLoadedExactlyOnce_acrossRestarts_andATornTailIsSkipped(Backend backend) throws Exception {
        Path journal = dir.resolve("journal");
        String uri = TestDatabases.newDatabaseUri(backend, dir);
        List<CompletableFuture<Boolean>> acks = new ArrayList<>();
        try (PayloadLog log = new PayloadLog(journal, 1000, OverflowPolicy.BLOCK)) {
            for (int r = 0; r < 50; r++) {
                acks.add(log.append(List.of(record("req-" + r, 0), record("req-" + r, 1))));
            }
            for (CompletableFuture<Boolean> ack : acks) {
                assertThat(ack.get()).isTrue();
            }
            assertThat(log.writtenCount()).isEqualTo(100);
        }
        // A crash in the middle of a write leaves an unterminated line behind the acknowledged ones.
        Path segment = PayloadLog.segments(journal).get(0);
        Files.writeString(segment, "{\"requestId\":\"torn\",\"rowIn", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (Database db = Database.open(uri); PayloadLoader loader = new PayloadLoader(db, journal, 3_600_000)) {
            assertThat(loader.loadAll()).isEqualTo(100);
            assertThat(loader.loadAll()).isZero();
        }
        // After a restart: a new log writes a new segment; the old one is finished, nothing is loaded twice.
        try (PayloadLog log = new PayloadLog(journal, 1000, OverflowPolicy.BLOCK)) {
            assertThat(log.append(List.of(record("after-restart", 0))).get()).isTrue();
        }
        try (Database db = Database.open(uri); PayloadLoader loader = new PayloadLoader(db, journal, 3_600_000)) {
            assertThat(loader.loadAll()).isEqualTo(1);
            assertThat(count(db)).isEqualTo(101);
            long torn = db.read(h -> h.createQuery("SELECT COUNT(*) FROM payload_records WHERE request_id = 'torn'")
                    .mapTo(Long.class).one());
            assertThat(torn).isZero();
            String features = db.read(h -> h.createQuery("SELECT features FROM payload_records WHERE request_id = 'req-7' "
                    + "AND row_index = 1").mapTo(String.class).one());
            assertThat(features).isEqualTo("{\"Age\":1}");
        }
    }

    @Test
    void samplePolicy_dropsAndCountsWhenTheBacklogIsFull() throws Exception {
        try (PayloadLog sampled = new PayloadLog(dir.resolve("s"), 10, OverflowPolicy.SAMPLE)) {
            long written = 0;
            for (int i = 0; i < 1_000; i++) {
                written += sampled.append(List.of(record("r" + i, 0))).get() ? 1 : 0;
            }
            // No loader drains this backlog: the first ten fit, the rest are dropped and counted.
            assertThat(written).isEqualTo(10);
            assertThat(sampled.droppedCount()).isEqualTo(990);
            sampled.loaded(5);
            assertThat(sampled.queueDepth()).isEqualTo(5);
            assertThat(sampled.append(List.of(record("after", 0))).get()).isTrue();
        }
    }

    @Test
    void blockPolicy_waitsForTheLoaderToMakeRoom_andNeverDrops() throws Exception {
        Path journal = dir.resolve("b");
        try (PayloadLog blocking = new PayloadLog(journal, 1, OverflowPolicy.BLOCK)) {
            assertThat(blocking.append(List.of(record("first", 0))).get()).isTrue();
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(
                    () -> blocking.append(List.of(record("second", 0))).join());
            Thread.sleep(200);
            assertThat(second).isNotDone(); // the backlog is full and nothing loads it
            blocking.loaded(1);
            assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        }
        String uri = TestDatabases.newDatabaseUri(Backend.SQLITE, dir);
        Path drained = dir.resolve("d");
        try (Database db = Database.open(uri);
             PayloadLog blocking = new PayloadLog(drained, 100, OverflowPolicy.BLOCK);
             PayloadLoader loader = new PayloadLoader(db, drained, 5)) {
            loader.onLoaded(blocking::loaded);
            for (int i = 0; i < 3_000; i++) {
                assertThat(blocking.append(List.of(record("r" + i, 0))).get()).isTrue();
                assertThat(blocking.queueDepth()).isLessThanOrEqualTo(100);
            }
            assertThat(blocking.droppedCount()).isZero();
            loader.loadAll();
            assertThat(count(db)).isEqualTo(3_000);
        }
    }
}
