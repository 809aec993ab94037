package org.mlops4j.serving.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;

class PayloadRetentionTest {
    private static final long OLD = 1_700_000_000_000L;
    private static final long NEW = OLD + Duration.ofDays(40).toMillis();

    @TempDir
    Path dir;

    private static List<PayloadRecord> records(String prefix, long scoredAt, int count) {
        return IntStream.range(0, count).mapToObj(i -> new PayloadRecord(prefix + i, 0, "credit", "credit-risk", "3", "primary",
                scoredAt + i, 0.4, "{\"Age\":" + i + "}", "{\"prediction\":\"No Risk\"}")).toList();
    }

    /** One journal session: a restarted log starts a new segment, so each call gives a segment of its own. */
    private static void journal(Path journal, List<PayloadRecord> records) throws Exception {
        try (PayloadLog log = new PayloadLog(journal, 10_000, OverflowPolicy.BLOCK)) {
            log.append(records).get();
        }
    }

    private static List<String> files(Path directory) throws Exception {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.map(p -> p.getFileName().toString()).filter(PayloadLog::isSegmentName).sorted().toList();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void expiredBatchesGo_thenTheStoredSegmentsNoBatchNames_neverOneStillInTheJournal(Backend backend) throws Exception {
        Path journal = dir.resolve("journal");
        journal(journal, records("old-", OLD, 10));
        journal(journal, records("new-", NEW, 5));
        journal(journal, records("newest-", NEW + 1_000, 1));
        String uri = TestDatabases.newDatabaseUri(backend, dir);
        try (Database db = Database.open(uri); PayloadLoader loader = new PayloadLoader(db, journal, 3_600_000)) {
            PayloadQueries queries = new PayloadQueries(db, loader);
            assertThat(queries.count("credit", null)).isEqualTo(16);
            List<String> stored = files(journal.resolve("stored"));
            assertThat(stored).hasSize(2); // the old and the new session's; the newest is still the journal's
            List<String> inJournal = files(journal);
            assertThat(inJournal).hasSize(1);

            PayloadRetention.Expired expired = loader.expireScoredBefore(NEW);
            assertThat(expired.records()).isEqualTo(10);
            assertThat(expired.segments()).isEqualTo(1);
            assertThat(files(journal.resolve("stored"))).containsExactly(stored.get(1));
            long checkpoints = db.read(h -> h.createQuery("SELECT COUNT(*) FROM payload_checkpoints WHERE segment = ?")
                    .bind(0, stored.get(0)).mapTo(Long.class).one());
            assertThat(checkpoints).isZero();
            List<String> left = new ArrayList<>();
            queries.forEach("credit", Long.MIN_VALUE, Long.MAX_VALUE, r -> left.add(r.requestId() + " " + r.features()));
            assertThat(left).containsExactly("new-0 {\"Age\":0}", "new-1 {\"Age\":1}", "new-2 {\"Age\":2}", "new-3 {\"Age\":3}",
                    "new-4 {\"Age\":4}", "newest-0 {\"Age\":0}");
            assertThat(loader.expiredCount()).isEqualTo(10);
            assertThat(loader.expireScoredBefore(NEW)).isEqualTo(new PayloadRetention.Expired(0, 0, 0));

            // A segment no batch names (a crash between the two steps) goes on the next pass.
            Files.copy(journal.resolve("stored").resolve(stored.get(1)), journal.resolve("stored").resolve("payload-1-000007-s0.jsonl"));
            assertThat(loader.expireScoredBefore(NEW).segments()).isEqualTo(1);

            // Everything expired: the segment still in the journal stays where the loader reads it.
            assertThat(loader.expireScoredBefore(Long.MAX_VALUE).records()).isEqualTo(6);
            assertThat(files(journal.resolve("stored"))).isEmpty();
            assertThat(files(journal)).isEqualTo(inJournal);
            assertThat(queries.count("credit", null)).isZero();
        }
    }

    @Test
    void moreBatchesThanAChunk_goInSeveralTransactions_oldestFirst_untilNoneIsLeft() throws Exception {
        Path journal = dir.resolve("journal");
        int count = 2 * PayloadRetention.CHUNK + 500;
        // Alternating routes: every line is a batch of its own.
        List<PayloadRecord> alternating = IntStream.range(0, count).mapToObj(i -> new PayloadRecord("r-" + i, 0, "credit",
                "credit-risk", "3", i % 2 == 0 ? "primary" : "canary", OLD + i, 0.4, "{\"Age\":1}", "{\"prediction\":1}")).toList();
        journal(journal, alternating);
        journal(journal, records("new-", NEW, 1));
        try (Database db = Database.open(TestDatabases.newSqliteUri(dir));
             PayloadLoader loader = new PayloadLoader(db, journal, 3_600_000)) {
            PayloadQueries queries = new PayloadQueries(db, loader);
            assertThat(queries.count("credit", null)).isEqualTo(count + 1);
            PayloadRetention.Expired expired = loader.expireScoredBefore(OLD + count - 10);
            assertThat(expired.records()).isEqualTo(count - 10);
            assertThat(expired.batches()).isEqualTo(count - 10);
            assertThat(expired.segments()).isZero(); // ten of its records are newer: the old segment stays
            List<String> left = new ArrayList<>();
            queries.forEach("credit", Long.MIN_VALUE, Long.MAX_VALUE, r -> left.add(r.requestId()));
            assertThat(left).hasSize(11).startsWith("r-" + (count - 10)).endsWith("new-0");
        }
    }

    @Test
    void aStoredSegmentThatCannotBeDeleted_waitsForTheNextPass_andTheOthersGoMeanwhile() throws Exception {
        Path journal = dir.resolve("journal");
        journal(journal, records("old-", OLD, 3));
        journal(journal, records("older-", OLD + 10, 3));
        journal(journal, records("new-", NEW, 1));
        try (Database db = Database.open(TestDatabases.newSqliteUri(dir));
             PayloadLoader loader = new PayloadLoader(db, journal, 3_600_000)) {
            PayloadQueries queries = new PayloadQueries(db, loader);
            assertThat(queries.count("credit", null)).isEqualTo(7);
            Path stored = journal.resolve(PayloadSegmentFiles.STORED);
            assertThat(files(stored)).hasSize(2);
            // Named as the oldest segment, and a directory that is not empty: deleting it fails.
            Path stuck = Files.createDirectories(stored.resolve("payload-0000000000001-000000-s0.jsonl"));
            Files.writeString(stuck.resolve("in-the-way"), "x");

            PayloadRetention.Expired expired = loader.expireScoredBefore(NEW);
            assertThat(expired.records()).isEqualTo(6);
            assertThat(expired.segments()).isEqualTo(2);
            assertThat(files(stored)).containsExactly(stuck.getFileName().toString());
            assertThat(queries.count("credit", null)).isEqualTo(1);

            Files.delete(stuck.resolve("in-the-way"));
            assertThat(loader.expireScoredBefore(NEW).segments()).isEqualTo(1);
            assertThat(files(stored)).isEmpty();
        }
    }

    @Test
    void aRetention_runsOnTheLoadersTimer_fromTheStart() throws Exception {
        Path journal = dir.resolve("journal");
        journal(journal, records("old-", OLD, 3));
        journal(journal, records("recent-", System.currentTimeMillis(), 2));
        try (Database db = Database.open(TestDatabases.newSqliteUri(dir));
             PayloadLoader loader = new PayloadLoader(db, journal, 3_600_000)) {
            PayloadQueries queries = new PayloadQueries(db, loader);
            assertThat(queries.count("credit", null)).isEqualTo(5);
            loader.expireOlderThan(Duration.ofDays(30), Duration.ofHours(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (loader.expiredCount() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(loader.expiredCount()).isEqualTo(3);
            assertThat(queries.count("credit", null)).isEqualTo(2);
            assertThatThrownBy(() -> loader.expireOlderThan(Duration.ZERO, Duration.ofHours(1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
