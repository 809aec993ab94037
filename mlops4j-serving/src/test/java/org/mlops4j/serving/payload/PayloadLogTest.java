package org.mlops4j.serving.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.core.PageCache;
import org.mlops4j.core.PageResidency;
import org.mlops4j.serving.metrics.ServingMetrics;
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
        return db.read(h -> h.createQuery("SELECT COALESCE(SUM(records), 0) FROM payload_batches").mapTo(Long.class).one());
    }

    /** Every stored record of the endpoint "credit", through the read API. */
    private static List<PayloadRecord> stored(Database db, PayloadLoader loader) {
        List<PayloadRecord> records = new ArrayList<>();
        new PayloadQueries(db, loader).forEach("credit", Long.MIN_VALUE, Long.MAX_VALUE, records::add);
        return records;
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
            List<PayloadRecord> stored = stored(db, loader);
            assertThat(stored).hasSize(101).noneMatch(r -> r.requestId().equals("torn"));
            assertThat(stored.get(15)).isEqualTo(record("req-7", 1)); // journal order, stored as written
            assertThat(stored.get(100).requestId()).isEqualTo("after-restart");
        }
    }

    @Test
    void aCorruptCompleteLine_isSkippedCountedAndKept_andLoadingGoesOnPastIt() throws Exception {
        Path journal = dir.resolve("corrupted");
        try (PayloadLog log = smallLog(journal, 1 << 20)) {
            for (int r = 0; r < 5; r++) {
                log.append(List.of(record("good-" + r, 0))).get();
            }
        }
        Path segment = PayloadLog.segments(journal).get(0);
        long damagedAt = Files.size(segment);
        String damaged = "{\"requestId\":\"x\",\u0001garbage";
        Files.writeString(segment, damaged + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (PayloadLog log = smallLog(journal, 1 << 20)) {
            log.append(List.of(record("after", 0))).get(); // a new segment: the damaged one is finished
        }
        String uri = TestDatabases.newDatabaseUri(Backend.SQLITE, dir);
        try (Database db = Database.open(uri); PayloadLoader loader = new PayloadLoader(db, journal, 3_600_000)) {
            List<Long> released = new ArrayList<>();
            loader.onLoaded(released::add);
            assertThat(loader.loadAll()).isEqualTo(6);
            assertThat(loader.corruptCount()).isEqualTo(1);
            assertThat(released.stream().mapToLong(Long::longValue).sum()).isEqualTo(7); // the queue frees all seven
            assertThat(stored(db, loader)).extracting(PayloadRecord::requestId)
                    .containsExactly("good-0", "good-1", "good-2", "good-3", "good-4", "after");
            assertThat(Files.readString(PayloadLoader.quarantined(journal, segment.getFileName().toString(), damagedAt)))
                    .isEqualTo(damaged + "\n");
            assertThat(loader.loadAll()).isZero();
            assertThat(loader.corruptCount()).isEqualTo(1);
        }
    }

    @Test
    void aCorruptLine_inALoadThatFailsAndRunsAgain_isCountedAndKeptOnce() throws Exception {
        Path journal = dir.resolve("corrupted-retried");
        try (PayloadLog log = smallLog(journal, 1 << 20)) {
            log.append(List.of(record("good-0", 0))).get();
        }
        Path segment = PayloadLog.segments(journal).get(0);
        long damagedAt = Files.size(segment);
        String damaged = "not a record";
        Files.writeString(segment, damaged + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (PayloadLog log = smallLog(journal, 1 << 20)) {
            log.append(List.of(record("good-1", 0))).get();
        }
        String uri = TestDatabases.newDatabaseUri(Backend.SQLITE, dir);
        try (Database db = Database.open(uri); PayloadLoader loader = new PayloadLoader(db, journal, 3_600_000)) {
            // The load's transaction fails at its last statement, after the corrupt line was skipped.
            db.writeVoid(h -> h.execute("CREATE TRIGGER checkpoint_fails BEFORE INSERT ON payload_checkpoints "
                    + "BEGIN SELECT RAISE(ABORT, 'the disk is full'); END"));
            assertThatThrownBy(loader::loadAll).hasStackTraceContaining("the disk is full");
            assertThat(loader.corruptCount()).isZero();
            db.writeVoid(h -> h.execute("DROP TRIGGER checkpoint_fails"));

            assertThat(loader.loadAll()).isEqualTo(2);
            assertThat(loader.corruptCount()).isEqualTo(1);
            assertThat(stored(db, loader)).extracting(PayloadRecord::requestId).containsExactly("good-0", "good-1");
            try (var kept = Files.list(journal.resolve(PayloadLoader.QUARANTINE))) {
                assertThat(kept.toList()).containsExactly(
                        PayloadLoader.quarantined(journal, segment.getFileName().toString(), damagedAt));
            }
            assertThat(Files.readString(PayloadLoader.quarantined(journal, segment.getFileName().toString(), damagedAt)))
                    .isEqualTo(damaged + "\n");
        }
    }

    @Test
    void aLineDamagedAfterItsHeader_isSkippedByReads_andCounted() throws Exception {
        Path journal = dir.resolve("damaged-features");
        try (PayloadLog log = new PayloadLog(journal, 1000, OverflowPolicy.BLOCK)) {
            log.append(List.of(record("good-0", 0))).get();
        }
        Path segment = PayloadLog.segments(journal).get(0);
        String good = Files.readString(segment).strip();
        // The header the loader checks is intact; the features are cut off.
        String damaged = good.substring(0, good.indexOf("\"features\"") + 15).replace("good-0", "damaged");
        Files.writeString(segment, damaged + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (PayloadLog log = new PayloadLog(journal, 1000, OverflowPolicy.BLOCK)) {
            log.append(List.of(record("good-1", 0))).get();
        }
        String uri = TestDatabases.newDatabaseUri(Backend.SQLITE, dir);
        try (Database db = Database.open(uri); PayloadLoader loader = new PayloadLoader(db, journal, 3_600_000)) {
            assertThat(loader.loadAll()).isEqualTo(3);
            PayloadQueries queries = new PayloadQueries(db, loader);
            List<PayloadRecord> read = new ArrayList<>();
            queries.forEach("credit", Long.MIN_VALUE, Long.MAX_VALUE, read::add);
            assertThat(read).extracting(PayloadRecord::requestId).containsExactly("good-0", "good-1");
            assertThat(queries.recent("credit", 10)).extracting(PayloadRecord::requestId).containsExactly("good-1", "good-0");
            assertThat(queries.unreadableCount()).isEqualTo(2);
        }
    }

    /** A log with segments closed at {@code segmentBytes} and a small ring of its own. */
    private PayloadLog smallLog(Path journal, long segmentBytes) {
        return new PayloadLog(journal, 1000, OverflowPolicy.BLOCK, segmentBytes, dir.resolve(journal.getFileName() + ".ring"),
                64 * 1024, true);
    }

    /** Records r-0 .. r-(n-1), about 250 bytes each: with 2 kB segments, several of them. */
    private static void appendSmallRecords(PayloadLog log, int n) throws Exception {
        for (int r = 0; r < n; r++) {
            log.append(List.of(record("r-" + r, 0))).get();
        }
    }

    @Test
    void aFinishedSegment_movesToTheStoreOnceCatalogued_andItsLinesAreReadFromThere() throws Exception {
        Path journal = dir.resolve("retention");
        String uri = TestDatabases.newDatabaseUri(Backend.SQLITE, dir);
        try (Database db = Database.open(uri); PayloadLoader loader = new PayloadLoader(db, journal, 3_600_000);
             PayloadLog log = smallLog(journal, 2048)) {
            loader.follow(log);
            appendSmallRecords(log, 40);
            log.flush();
            List<Path> before = PayloadLog.segments(journal);
            assertThat(before).hasSizeGreaterThan(2);
            Map<String, byte[]> written = new HashMap<>();
            for (Path segment : before) {
                written.put(segment.getFileName().toString(), Files.readAllBytes(segment));
            }
            assertThat(loader.loadAll()).isEqualTo(40);
            Path open = before.get(before.size() - 1);
            assertThat(PayloadLog.segments(journal)).containsExactly(open);
            Path store = journal.resolve(PayloadSegmentFiles.STORED);
            for (Path finished : before.subList(0, before.size() - 1)) {
                String name = finished.getFileName().toString();
                assertThat(store.resolve(name)).as(name).exists().hasBinaryContent(written.get(name)); // moved, not rewritten
            }
            // Batches name byte ranges of the segments: no line is copied into the database.
            long heldLines = db.read(h -> h.createQuery("SELECT COUNT(*) FROM payload_batches WHERE lines IS NOT NULL")
                    .mapTo(Long.class).one());
            assertThat(heldLines).isZero();
            assertThat(stored(db, loader)).extracting(PayloadRecord::requestId)
                    .containsExactlyElementsOf(IntStream.range(0, 40).mapToObj(r -> "r-" + r).toList());
        }
    }

    @Test
    void aSegmentGoneFromTheStore_costsItsBatches_countedAndLogged_notTheRead() throws Exception {
        Path journal = dir.resolve("gone");
        String uri = TestDatabases.newDatabaseUri(Backend.SQLITE, dir);
        try (Database db = Database.open(uri); PayloadLoader loader = new PayloadLoader(db, journal, 3_600_000);
             PayloadLog log = smallLog(journal, 2048)) {
            loader.follow(log);
            appendSmallRecords(log, 40);
            loader.loadAll();
            Path store = journal.resolve(PayloadSegmentFiles.STORED);
            Path lost;
            try (var files = Files.list(store)) {
                lost = files.sorted().findFirst().orElseThrow();
            }
            long lostRecords = Files.readAllLines(lost).size();
            Files.delete(lost);
            PayloadQueries queries = new PayloadQueries(db, loader);
            List<PayloadRecord> left = new ArrayList<>();
            queries.forEach("credit", Long.MIN_VALUE, Long.MAX_VALUE, left::add);
            assertThat(left).hasSize((int) (40 - lostRecords));
            assertThat(queries.unreadableCount()).isEqualTo(lostRecords);
            assertThat(queries.recent("credit", 5)).extracting(PayloadRecord::requestId)
                    .containsExactly("r-39", "r-38", "r-37", "r-36", "r-35");
            var scrape = new java.io.ByteArrayOutputStream(); // counted for the whole process, on /metrics
            new ServingMetrics(log, loader).write(scrape);
            assertThat(scrape.toString(StandardCharsets.UTF_8))
                    .contains("mlops4j_payload_records_unreadable_total " + (double) lostRecords);
        }
    }

    @Test
    void segmentFiles_resolveOnlyNamesOfTheJournalsOwnForm() throws Exception {
        PayloadSegmentFiles files = new PayloadSegmentFiles(dir.resolve("names"));
        Files.createDirectories(dir.resolve("names"));
        Files.writeString(dir.resolve("secret.jsonl"), "{}\n");
        for (String name : List.of("../secret.jsonl", "stored/../../secret.jsonl", "/etc/passwd", "payload-1-2-s0.jsonl/../x")) {
            assertThatThrownBy(() -> files.read(name, 0, 1)).as(name).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> files.read("payload-0000000000001-000001-s0.jsonl", 0, 1)).isInstanceOf(NoSuchFileException.class);
        // A segment cut short (a lost disk block, a truncation by hand) is an error, not a short read.
        Path stored = Files.createDirectories(dir.resolve("names").resolve(PayloadSegmentFiles.STORED));
        Files.writeString(stored.resolve("payload-0000000000001-000002-s0.jsonl"), "0123456789");
        assertThat(files.read("payload-0000000000001-000002-s0.jsonl", 2, 5)).isEqualTo("23456".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> files.read("payload-0000000000001-000002-s0.jsonl", 5, 10))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("ends before byte 15");
    }

    @Test
    void cataloguedBytes_leaveThePageCache_andStillReadBack() throws Exception {
        assumeTrue(PageCache.supported(), "no page cache advice on this runtime");
        assumeTrue(PageResidency.observable(dir), "page residency cannot be observed here");
        Path journal = dir.resolve("evicted");
        int records = 40_000; // about 6 MB of lines: more than a load transaction's 4 MB
        try (PayloadLog log = new PayloadLog(journal, 100_000, OverflowPolicy.BLOCK)) {
            for (int i = 0; i < records; i++) {
                log.append(List.of(record("req-" + i, i))).get();
            }
        }
        Path first = PayloadLog.segments(journal).getFirst();
        long size = Files.size(first);
        assumeTrue(PageResidency.bytes(first) > size / 2, "the segment just written is not cached (memory pressure)");
        assumeTrue(size % 4096 != 0, "the segment ends on a page boundary: no partial page to keep");
        String uri = TestDatabases.newDatabaseUri(Backend.SQLITE, dir);
        try (Database db = Database.open(uri); PayloadLoader loader = new PayloadLoader(db, journal, 3_600_000)) {
            assertThat(loader.loadAll()).isEqualTo(records);
            // The segment may still grow (no newer one): the partial page at its end stays, so
            // that the drain's next write need not read it back; everything before it goes.
            assertThat(PageResidency.bytes(first)).isPositive().isLessThanOrEqualTo(2 * 1024 * 1024);

            try (PayloadLog log = new PayloadLog(journal, 100_000, OverflowPolicy.BLOCK)) {
                log.append(List.of(record("after", 0))).get(); // a newer segment: the first is finished
            }
            assertThat(loader.loadAll()).isEqualTo(1);
            Path stored = journal.resolve(PayloadSegmentFiles.STORED).resolve(first.getFileName());
            assertThat(stored).hasSize(size);
            assertThat(PageResidency.bytes(stored)).as("finished and catalogued").isZero();
            assertThat(stored(db, loader)).hasSize(records + 1);
        }
    }

    @Test
    void linesLongerThanTheReadBuffer_andJournalsSpanningTransactions_loadIntact() throws Exception {
        Path journal = dir.resolve("long");
        String big = "{\"Notes\":\"" + "\u00e9x".repeat(150_000) + "\"}"; // 450 kB of UTF-8, more than a read
        int small = 30_000; // about 6 MB of lines: more than one transaction's worth
        try (PayloadLog log = new PayloadLog(journal, 100_000, OverflowPolicy.BLOCK)) {
            for (int i = 0; i < small; i++) {
                if (i % 10_000 == 5) {
                    PayloadRecord r = record("big-" + i, 0);
                    log.append(List.of(new PayloadRecord(r.requestId(), 0, r.endpoint(), r.modelName(), r.modelVersion(),
                            r.traffic(), r.scoredAt(), r.latencyMs(), big, r.prediction()))).get();
                }
                log.append(List.of(record("req-" + i, 0))).get();
            }
        }
        String uri = TestDatabases.newDatabaseUri(Backend.SQLITE, dir);
        try (Database db = Database.open(uri); PayloadLoader loader = new PayloadLoader(db, journal, 3_600_000)) {
            List<Long> batches = new ArrayList<>();
            loader.onLoaded(batches::add);
            assertThat(loader.loadAll()).isEqualTo(small + 3);
            assertThat(batches).hasSizeGreaterThan(1);
            assertThat(count(db)).isEqualTo(small + 3);
            List<PayloadRecord> stored = stored(db, loader);
            assertThat(stored.stream().filter(r -> r.requestId().startsWith("big-")).map(PayloadRecord::features))
                    .hasSize(3).allMatch(big::equals);
            assertThat(stored.stream().map(PayloadRecord::requestId).distinct().count()).isEqualTo(small + 3);
        }
    }

    @Test
    void concurrentAppends_acrossRingLapsAndRotations_whileTheLoaderRuns_loadExactlyOnce() throws Exception {
        Path journal = dir.resolve("concurrent");
        int threads = 8;
        int perThread = 1_500;
        String uri = TestDatabases.newDatabaseUri(Backend.SQLITE, dir);
        try (Database db = Database.open(uri); PayloadLoader loader = new PayloadLoader(db, journal, 5)) {
            // A ring of 64 kB: writers fill it, wait for the drain, and it goes round many times.
            try (PayloadLog log = new PayloadLog(journal, 1_000_000, OverflowPolicy.BLOCK, 256 * 1024,
                    dir.resolve("concurrent.ring"), 64 * 1024, true)) {
                loader.follow(log); // loads run while the segments are being written
                List<Thread> writers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    writers.add(Thread.ofPlatform().start(() -> {
                        for (int i = 0; i < perThread; i++) {
                            String id = "t" + thread + "-" + i;
                            assertThat(log.append(List.of(record(id, 0), record(id, 1))).join()).isTrue();
                            if (i % 5 == 0) {
                                LockSupport.parkNanos(1_000_000); // spread the writes over many loads
                            }
                        }
                    }));
                }
                for (Thread writer : writers) {
                    writer.join();
                }
                assertThat(log.writtenCount()).isEqualTo(2L * threads * perThread);
            }
            // Finished segments moved to the store as they loaded: what stays is the last one, and its
            // sequence number shows how many segments the drain went through. The timer's pass may
            // have listed the segments before the last rotations: one more pass catches up.
            loader.loadAll();
            List<Path> left = PayloadLog.segments(journal);
            assertThat(left).extracting(PayloadLog::stripeOf).containsExactly("0");
            assertThat(left).extracting(p -> Integer.parseInt(p.getFileName().toString().split("-")[2]))
                    .anyMatch(seq -> seq > 10);
            List<PayloadRecord> stored = stored(db, loader);
            assertThat(stored).hasSize(2 * threads * perThread).doesNotHaveDuplicates();
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i += 499) {
                    assertThat(stored).contains(record("t" + t + "-" + i, 0), record("t" + t + "-" + i, 1));
                }
            }
        }
    }

    @Test
    void anAppendWaitingForSpace_failsWhenTheLogCloses_andLaterAppendsFailToo() throws Exception {
        PayloadLog log = new PayloadLog(dir.resolve("closing"), 1, OverflowPolicy.BLOCK);
        assertThat(log.append(List.of(record("first", 0))).get()).isTrue();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> log.append(List.of(record("second", 0))))
                .thenCompose(f -> f);
        Thread.sleep(200);
        assertThat(waiting).isNotDone();
        log.close();
        assertThat(waiting).failsWithin(10, TimeUnit.SECONDS);
        assertThat(log.append(List.of(record("third", 0)))).isCompletedExceptionally();
        assertThat(log.writtenCount()).isEqualTo(1);
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
            loader.follow(blocking);
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
