package org.mlops4j.serving.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;

/** What a crash leaves in the payload ring is written out by the next start, once. */
class PayloadLogRecoveryTest {
    private static final long RING_BYTES = 64 * 1024;

    @TempDir
    Path dir;

    @AfterEach
    void restoreSegmentWrites() {
        PayloadLog.segmentWrite = PayloadLog.PLAIN_SEGMENT_WRITE; // a test that failed early left its fault armed
    }

    private static PayloadRecord record(String requestId) {
        return new PayloadRecord(requestId, 0, "credit", "credit-risk", "3", "primary", 1_700_000_000_000L, 0.4,
                "{\"Age\":31}", "{\"prediction\":\"No Risk\"}");
    }

    /** A log whose ring is written out only by flush and close, unless {@code drain}. */
    private PayloadLog log(Path journal, boolean drain, OverflowPolicy policy, long ringBytes) {
        return new PayloadLog(journal, 1000, policy, 1 << 20, dir.resolve("journal.ring"), ringBytes, drain);
    }

    private PayloadLog log(Path journal, boolean drain) {
        return log(journal, drain, OverflowPolicy.BLOCK, RING_BYTES);
    }

    private static void append(PayloadLog log, String prefix, int from, int to) throws Exception {
        for (int r = from; r < to; r++) {
            assertThat(log.append(List.of(record(prefix + r))).get()).isTrue();
        }
    }

    /** The request ids the loader stores, in journal order. */
    private List<String> loaded(Path journal) {
        try (Database db = Database.open(TestDatabases.newDatabaseUri(Backend.SQLITE, dir));
             PayloadLoader loader = new PayloadLoader(db, journal, 3_600_000)) {
            loader.loadAll();
            List<String> ids = new ArrayList<>();
            new PayloadQueries(db, loader).forEach("credit", Long.MIN_VALUE, Long.MAX_VALUE, r -> ids.add(r.requestId()));
            return ids;
        }
    }

    private static List<String> ids(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(r -> prefix + r).toList();
    }

    @Test
    void recordsLeftInTheRingByACrash_areWrittenOnce_byTheNextStart() throws Exception {
        Path journal = dir.resolve("journal");
        PayloadLog crashed = log(journal, false);
        append(crashed, "r-", 0, 40);
        assertThat(PayloadLog.segments(journal)).isEmpty(); // acknowledged, and so far only in the ring
        crashed.abandon();

        log(journal, true).close();
        log(journal, true).close(); // nothing is left to recover a second time
        assertThat(loaded(journal)).containsExactlyElementsOf(ids("r-", 0, 40));
        assertThat(dir.resolve("journal.ring")).doesNotExist(); // a clean close leaves no ring behind
    }

    /**
     * A crash after the drain wrote some of the ring's lines to the segment, before it saved how
     * far it got: those lines are recognised there and not written again, and a line cut in the
     * middle stays behind as the old segment's torn tail.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void linesTheDrainWroteBeforeACrash_areNotWrittenTwice(boolean lastWriteCut) throws Exception {
        Path journal = dir.resolve("journal");
        PayloadLog crashed = log(journal, false);
        append(crashed, "r-", 0, 10);
        crashed.flush(); // written, and the progress saved
        append(crashed, "r-", 10, 20);
        Path segment = PayloadLog.segments(journal).get(0);
        // What the drain's next write had got into the segment when the process died.
        try (var out = Files.newOutputStream(segment, StandardOpenOption.APPEND)) {
            for (int r = 10; r < 13; r++) {
                out.write(PayloadCodec.encode(List.of(record("r-" + r))).bytes());
            }
            if (lastWriteCut) {
                byte[] next = PayloadCodec.encode(List.of(record("r-13"))).bytes();
                out.write(Arrays.copyOf(next, next.length / 2));
            }
        }
        crashed.abandon();

        log(journal, true).close();
        assertThat(loaded(journal)).containsExactlyElementsOf(ids("r-", 0, 20));
    }

    /** A drain write cut short inside a slot of several lines (one request's rows): its whole lines are not written twice. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aWriteCutInsideASlotOfSeveralLines_leavesItsWholeLinesWrittenOnce(int wholeLinesWritten) throws Exception {
        Path journal = dir.resolve("journal");
        PayloadLog crashed = log(journal, false);
        append(crashed, "r-", 0, 5);
        crashed.flush();
        List<PayloadRecord> rows = List.of(record("rows-0"), record("rows-1"), record("rows-2"));
        assertThat(crashed.append(rows).get()).isTrue();
        append(crashed, "r-", 5, 8);
        Path segment = PayloadLog.segments(journal).get(0);
        try (var out = Files.newOutputStream(segment, StandardOpenOption.APPEND)) {
            for (int r = 0; r < wholeLinesWritten; r++) {
                out.write(PayloadCodec.encode(List.of(rows.get(r))).bytes());
            }
            byte[] next = PayloadCodec.encode(List.of(rows.get(wholeLinesWritten))).bytes();
            out.write(Arrays.copyOf(next, next.length / 3)); // and part of the next line
        }
        crashed.abandon();

        log(journal, true).close();
        List<String> expected = new ArrayList<>(ids("r-", 0, 5));
        expected.addAll(List.of("rows-0", "rows-1", "rows-2"));
        expected.addAll(ids("r-", 5, 8));
        assertThat(loaded(journal)).containsExactlyElementsOf(expected);
    }

    /** A crash during recovery itself, between naming the segment it writes to and writing to it. */
    @Test
    void aCrashWhileRecovering_losesAndRepeatsNothing() throws Exception {
        Path journal = dir.resolve("journal");
        PayloadLog crashed = log(journal, false);
        append(crashed, "r-", 0, 30);
        crashed.flush(); // the ring's tail moves past these, which stay in its memory
        append(crashed, "r-", 30, 40);
        crashed.abandon();
        PayloadLog.crashPointAfterNaming = () -> {
            throw new IllegalStateException("killed");
        };
        try {
            assertThatThrownBy(() -> log(journal, true)).hasMessageContaining("killed");
        } finally {
            PayloadLog.crashPointAfterNaming = () -> { };
        }

        log(journal, true).close();
        assertThat(loaded(journal)).containsExactlyElementsOf(ids("r-", 0, 40));
    }

    /**
     * A write that fails part-way, as on a full disk, leaves part of a chunk in the segment: cut
     * off, the retry neither glues a line to it nor writes its lines twice. When the cut fails
     * too ({@code closing}), the segment ends with a torn line, which is never loaded, and the
     * retry starts a new one without the whole lines the old one kept.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWriteCutShortByAFullDisk_isWrittenOnce_whetherOrNotItCanBeCutOff(boolean closing) throws Exception {
        Path journal = dir.resolve("journal");
        try (PayloadLog log = log(journal, false)) {
            append(log, "r-", 0, 5);
            log.flush();
            append(log, "r-", 5, 12);
            failNextWriteAfter(3 * firstLineBytes("r-5") + 10, closing); // inside the fourth line
            assertThatThrownBy(log::flush).hasRootCauseMessage("No space left on device");
            log.flush();
            assertThat(PayloadLog.segments(journal)).hasSize(closing ? 2 : 1);
        }
        assertThat(loaded(journal)).containsExactlyElementsOf(ids("r-", 0, 12));
    }

    /** Requests of three rows each: one ring slot holds a request's three lines. */
    private static void appendRequests(PayloadLog log, String prefix, int from, int to) throws Exception {
        for (int r = from; r < to; r++) {
            List<PayloadRecord> rows = List.of(record(prefix + r + "a"), record(prefix + r + "b"), record(prefix + r + "c"));
            assertThat(log.append(rows).get()).isTrue();
        }
    }

    private static List<String> requestIds(String prefix, int from, int to) {
        return IntStream.range(from, to).boxed().flatMap(r -> List.of(prefix + r + "a", prefix + r + "b", prefix + r + "c").stream())
                .toList();
    }

    /**
     * The next segment write writes {@code bytes} of its bytes and fails, as on a full disk;
     * {@code closing} also closes the file, so that what it wrote cannot be cut off.
     */
    private static void failNextWriteAfter(int bytes, boolean closing) {
        PayloadLog.segmentWrite = (out, b, offset, length) -> {
            PayloadLog.segmentWrite = PayloadLog.PLAIN_SEGMENT_WRITE;
            out.write(b, offset, Math.min(bytes, length));
            if (closing) {
                out.close();
            }
            throw new java.io.IOException("No space left on device");
        };
    }

    private static int firstLineBytes(String requestId) {
        return PayloadCodec.encode(List.of(record(requestId))).bytes().length;
    }

    /**
     * The uncut write ends inside a request's rows: its first row is in the old segment, the rest
     * go to the new one. With {@code stillFull}, the disk is still full when the drain resumes: the
     * resume's own write fails (and is cut off), and is tried again.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFailedWriteThatCannotBeCutOff_insideARequestsRows_writesEachRowOnce(boolean stillFull) throws Exception {
        Path journal = dir.resolve("journal");
        try (PayloadLog log = log(journal, false)) {
            append(log, "r-", 0, 5);
            log.flush();
            appendRequests(log, "q-", 0, 3);
            failNextWriteAfter(firstLineBytes("q-0a") + 7, true);
            assertThatThrownBy(log::flush).hasRootCauseMessage("No space left on device");
            if (stillFull) {
                failNextWriteAfter(9, false);
                assertThatThrownBy(log::flush).hasRootCauseMessage("No space left on device");
            }
            log.flush();
        }
        List<String> expected = new ArrayList<>(ids("r-", 0, 5));
        expected.addAll(requestIds("q-", 0, 3));
        assertThat(loaded(journal)).containsExactlyElementsOf(expected);
    }

    /**
     * A request too large for the ring is written to a segment by its scoring thread. After an
     * uncut write it must not start that new segment before the drain has resumed, or the lines
     * to skip could no longer be told from the rest.
     */
    @Test
    void aRequestTooLargeForTheRing_afterAnUncutWrite_waitsForTheResume() throws Exception {
        Path journal = dir.resolve("journal");
        PayloadRecord large = new PayloadRecord("large", 0, "credit", "credit-risk", "3", "primary", 1_700_000_000_000L, 0.4,
                "{\"text\":\"" + "x".repeat((int) RING_BYTES / 2) + "\"}", "{\"prediction\":\"No Risk\"}");
        try (PayloadLog log = log(journal, false)) {
            append(log, "r-", 0, 5);
            log.flush();
            append(log, "r-", 5, 12);
            failNextWriteAfter(firstLineBytes("r-5") + firstLineBytes("r-6") / 2, true);
            assertThatThrownBy(log::flush).hasRootCauseMessage("No space left on device");
            assertThat(log.append(List.of(large)).get()).isTrue();
            log.flush();
        }
        List<String> expected = new ArrayList<>(ids("r-", 0, 12));
        expected.add("large");
        assertThat(loaded(journal)).containsExactlyElementsOf(expected);
    }

    @Test
    void newSegments_sortAfterExistingOnes_evenWhenTheClockIsBehindThem() throws Exception {
        Path journal = dir.resolve("journal");
        Files.createDirectories(journal);
        long future = System.currentTimeMillis() + 3_600_000;
        Path existing = journal.resolve("payload-%013d-000000-s0.jsonl".formatted(future));
        Files.write(existing, PayloadCodec.encode(List.of(record("old"))).bytes());
        try (PayloadLog log = log(journal, true)) {
            append(log, "r-", 0, 3);
            log.flush();
            assertThat(PayloadLog.segments(journal)).hasSize(2).first().isEqualTo(existing);
        }
        assertThat(loaded(journal)).containsExactly("old", "r-0", "r-1", "r-2");
    }

    @Test
    void aRingDirectoryGiven_holdsTheRing_untilACleanClose() throws Exception {
        Path journal = dir.resolve("journal");
        Path volume = dir.resolve("volume/rings");
        try (PayloadLog log = new PayloadLog(journal, 100, OverflowPolicy.BLOCK, volume)) {
            append(log, "r-", 0, 2);
            try (var rings = Files.list(volume)) {
                assertThat(rings.map(p -> p.getFileName().toString()).toList()).singleElement()
                        .satisfies(name -> assertThat(name).startsWith("mlops4j-payload-").endsWith(".ring"));
            }
        }
        try (var rings = Files.list(volume)) {
            assertThat(rings).isEmpty();
        }
        assertThat(loaded(journal)).containsExactly("r-0", "r-1");
    }

    @Test
    void segmentFiles_areReadableByTheServersUserOnly() throws Exception {
        Path journal = dir.resolve("journal");
        try (PayloadLog log = log(journal, true)) {
            append(log, "r-", 0, 1);
            log.flush();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(PayloadLog.segments(journal).get(0))))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal))).isEqualTo("rwx------");
        }
    }

    @Test
    void aSlotWhoseWriterDiedCopyingIt_isNotRecovered() throws Exception {
        Path journal = dir.resolve("journal");
        PayloadLog crashed = log(journal, false);
        append(crashed, "r-", 0, 5);
        crashed.abandon();
        // The fifth slot's commit word, written last, never made it.
        long fifth = 0;
        for (int r = 0; r < 4; r++) {
            fifth += PayloadRing.slotBytes(PayloadCodec.encode(List.of(record("r-" + r))).bytes().length);
        }
        try (FileChannel ring = FileChannel.open(dir.resolve("journal.ring"), StandardOpenOption.WRITE)) {
            ring.write(ByteBuffer.allocate(8), PayloadRing.HEADER_BYTES + fifth);
        }

        log(journal, true).close();
        assertThat(loaded(journal)).containsExactlyElementsOf(ids("r-", 0, 4));
    }

    @Test
    void aFullRing_dropsUnderTheSamplePolicy_andTakesMoreOnceWrittenOut() throws Exception {
        Path journal = dir.resolve("journal");
        try (PayloadLog log = log(journal, false, OverflowPolicy.SAMPLE, 4096)) {
            int taken = 0;
            while (log.append(List.of(record("r-" + taken))).get()) {
                taken++;
            }
            assertThat(taken).isBetween(5, 4096 / 100);
            assertThat(log.droppedCount()).isEqualTo(1);
            assertThat(log.queueDepth()).isEqualTo(taken); // a dropped record holds no place in the queue
            log.flush();
            assertThat(log.append(List.of(record("after"))).get()).isTrue();
        }
    }

    @Test
    void aFullRing_makesTheBlockPolicyWaitForTheDrain_andLosesNothing() throws Exception {
        Path journal = dir.resolve("journal");
        try (PayloadLog log = log(journal, true, OverflowPolicy.BLOCK, 4096)) {
            append(log, "r-", 0, 500); // some forty rings' worth
            assertThat(log.droppedCount()).isZero();
        }
        assertThat(loaded(journal)).containsExactlyElementsOf(ids("r-", 0, 500));
    }

    @Test
    void aSecondLogOnTheSameRing_isRefused() {
        Path journal = dir.resolve("journal");
        try (PayloadLog first = log(journal, true)) {
            assertThatThrownBy(() -> log(journal, true)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
            assertThat(first.append(List.of(record("still-works")))).isCompletedWithValue(true);
        }
    }

    @Test
    void aNewRing_hasItsPagesAllocated_soThatAFullFileSystemFailsTheStart_notAnAnswer() throws Exception {
        Path ring = dir.resolve("allocated.ring");
        PayloadRing.open(ring, 1 << 20).close();
        Process stat = new ProcessBuilder("stat", "--format=%b %B", ring.toString()).start();
        String[] blocks = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
        assertThat(stat.waitFor()).isZero();
        assertThat(Long.parseLong(blocks[0]) * Long.parseLong(blocks[1])).as("bytes allocated, not a sparse file")
                .isGreaterThanOrEqualTo(Files.size(ring)).isGreaterThanOrEqualTo(1 << 20);
    }

    @Test
    void aRingPathThatIsALink_isNeverFollowed() throws Exception {
        Path target = dir.resolve("elsewhere");
        Files.writeString(target, "not a ring");
        Files.createSymbolicLink(dir.resolve("journal.ring"), target);
        assertThatThrownBy(() -> log(dir.resolve("journal"), true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a private file");
        assertThat(Files.readString(target)).isEqualTo("not a ring");
    }

    /** A hard link is the same file under a second name: opening it as a ring would overwrite that file. */
    @Test
    void aRingPathThatIsASecondNameOfAnotherFile_isRefused_andTheFileIsUntouched() throws Exception {
        Path target = Files.createFile(dir.resolve("precious"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(target, "not a ring");
        Files.createLink(dir.resolve("journal.ring"), target);
        assertThatThrownBy(() -> log(dir.resolve("journal"), true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a private file");
        assertThat(Files.readString(target)).isEqualTo("not a ring");
    }

    /**
     * Anyone may create the ring's name in /dev/shm first. Another user's file there is left
     * alone, and the ring goes beside the segments instead of the server refusing to start.
     */
    @Test
    void anotherUsersFileWhereTheSharedMemoryRingGoes_sendsTheRingBesideTheSegments() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only root can give a file to another user");
        Path journal = dir.resolve("journal");
        Path shared = PayloadRing.fileFor(journal, null);
        org.junit.jupiter.api.Assumptions.assumeTrue(shared.startsWith("/dev/shm"), "no /dev/shm on this system");
        Files.writeString(shared, "someone else's");
        try {
            Files.setOwner(shared, shared.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            try (PayloadLog log = new PayloadLog(journal, 1000, OverflowPolicy.BLOCK, null)) {
                append(log, "r-", 0, 3);
                assertThat(journal.resolve(shared.getFileName())).exists();
            }
            assertThat(Files.readString(shared)).isEqualTo("someone else's");
        } finally {
            Files.deleteIfExists(shared);
        }
        assertThat(loaded(journal)).containsExactlyElementsOf(ids("r-", 0, 3));
    }

    /**
     * The same, when the other user takes the name after the log chose it and before it opened
     * it: the open finds another user's file, and the ring goes beside the segments all the same.
     */
    @Test
    void anotherUserTakingTheSharedName_betweenItsChoiceAndItsOpening_sendsTheRingBesideTheSegments() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only root can give a file to another user");
        Path journal = Files.createDirectories(dir.resolve("journal"));
        Path shared = PayloadRing.fileFor(journal, null);
        org.junit.jupiter.api.Assumptions.assumeTrue(shared.startsWith("/dev/shm"), "no /dev/shm on this system");
        Path beside = PayloadRing.besideSegments(journal);
        Files.writeString(shared, "taken in the meantime");
        try {
            Files.setOwner(shared, shared.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            try (PayloadLog log = new PayloadLog(journal, 1000, OverflowPolicy.BLOCK, 1 << 20, shared, beside, RING_BYTES, true)) {
                append(log, "r-", 0, 3);
                assertThat(beside).exists();
            }
            assertThatThrownBy(() -> new PayloadLog(journal, 1000, OverflowPolicy.BLOCK, 1 << 20, shared, null, RING_BYTES, true))
                    .as("with nowhere else to go, the start fails").hasMessageContaining("payload");
            assertThat(Files.readString(shared)).isEqualTo("taken in the meantime");
        } finally {
            Files.deleteIfExists(shared);
        }
        assertThat(loaded(journal)).containsExactlyElementsOf(ids("r-", 0, 3));
    }

    /** A ring left beside the segments (shared memory was taken) holds a crash's records: the next start uses it. */
    @Test
    void aRingLeftBesideTheSegments_isUsedAgain_evenWithSharedMemoryFree() throws Exception {
        Path journal = Files.createDirectories(dir.resolve("journal"));
        Path shared = PayloadRing.fileFor(journal, null);
        org.junit.jupiter.api.Assumptions.assumeTrue(shared.startsWith("/dev/shm"), "no /dev/shm on this system");
        Path beside = journal.resolve(shared.getFileName());
        PayloadLog crashed = new PayloadLog(journal, 1000, OverflowPolicy.BLOCK, 1 << 20, beside, RING_BYTES, false);
        append(crashed, "r-", 0, 4);
        crashed.abandon();

        assertThat(PayloadRing.fileFor(journal, null)).isEqualTo(beside);
        new PayloadLog(journal, 1000, OverflowPolicy.BLOCK, null).close();
        assertThat(loaded(journal)).containsExactlyElementsOf(ids("r-", 0, 4));
        assertThat(shared).doesNotExist();
    }

    @Test
    void aRingFileOthersCanRead_isRefused() throws Exception {
        Path ring = dir.resolve("journal.ring");
        Files.createFile(ring, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        assertThatThrownBy(() -> log(dir.resolve("journal"), true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("readable by others");
    }
}
