package org.mlops4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PageCacheTest {
    private static final int MB = 1 << 20;
    private Path dir;

    @BeforeEach
    void createDir() throws IOException {
        // Under target/, not /tmp: a tmpfs keeps its pages whatever the advice.
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "page-cache");
    }

    @AfterEach
    void deleteDir() throws IOException {
        FileTrees.delete(dir);
    }

    @Test
    void aJava22RuntimeOnLinuxCanAdvise() {
        assumeTrue(Runtime.version().feature() >= 22 && "Linux".equals(System.getProperty("os.name")));
        assertThat(PageCache.supported()).as("the Java 22 classes were built and load").isTrue();
    }

    @Test
    void evictsWhatLiesWhollyInTheRange_andNothingElse() throws Exception {
        assumeEvictionObservable();
        Path file = forcedFile(4 * MB);
        assumeTrue(PageResidency.bytes(file) == 4 * MB, "the file just written is not all cached (memory pressure)");

        assertThat(PageCache.evict(file, 0, 100)).isTrue();
        assertThat(PageResidency.bytes(file)).as("a page only partly in the range stays").isEqualTo(4 * MB);

        assertThat(PageCache.evict(file, 2 * MB, 4 * MB)).isTrue();
        assertThat(PageResidency.bytes(file)).isGreaterThanOrEqualTo(2 * MB).isLessThan(4 * MB);

        assertThat(PageCache.evict(file, 0, 4 * MB)).isTrue();
        assertThat(PageResidency.bytes(file)).isZero();
        assertThat(Files.readAllBytes(file)).hasSize(4 * MB).startsWith(line()); // advice, not deletion
    }

    @Test
    void aRangeEndingAtAPageBoundaryKeepsTheLastPartialPage_oneEndingAtTheEndOfTheFileTakesIt() throws Exception {
        assumeEvictionObservable();
        Path file = forcedFile(MB + 100);
        assumeTrue(PageResidency.bytes(file) > MB, "the file just written is not all cached (memory pressure)");

        assertThat(PageCache.evict(file, 0, PageCache.pageStart(MB + 100))).isTrue();
        assertThat(PageResidency.bytes(file)).as("the page a writer would still fill").isPositive().isLessThanOrEqualTo(64 * 1024);

        assertThat(PageCache.evict(file, 0, MB + 100)).isTrue();
        assertThat(PageResidency.bytes(file)).isZero();
    }

    @Test
    void anImplementationThatFailsToLink_isTurnedOff_andEvictionNeverThrows() throws Exception {
        Path file = forcedFile(MB);
        PageCache.Evictor previous = PageCache.replace((name, offset, length) -> {
            throw new AbstractMethodError("a NativePageCache compiled against an older PageCache");
        });
        try {
            assertThat(PageCache.evict(file, 0, MB)).isFalse();
            assertThat(PageCache.supported()).isFalse();
            assertThat(PageCache.evict(file, 0, MB)).isFalse();
        } finally {
            PageCache.replace(previous);
        }
    }

    @Test
    void pageStartsAre4KiloByteBoundaries() {
        assertThat(PageCache.pageStart(0)).isZero();
        assertThat(PageCache.pageStart(4095)).isZero();
        assertThat(PageCache.pageStart(4096)).isEqualTo(4096);
        assertThat(PageCache.pageStart(5L * MB + 7)).isEqualTo(5L * MB);
    }

    @Test
    void aMissingFileOrAnEmptyRangeIsNoAdvice_andNoError() throws Exception {
        assertThat(PageCache.evict(dir.resolve("gone.jsonl"), 0, MB)).isFalse();
        Path file = forcedFile(MB);
        assertThat(PageCache.evict(file, 100, 100)).isFalse();
        assertThat(PageCache.evict(file, -1, 100)).isFalse();
        assertThat(PageCache.evict(file, 200, 100)).isFalse();
    }

    private void assumeEvictionObservable() throws IOException {
        assumeTrue(PageCache.supported(), "no page cache advice on this runtime");
        assumeTrue(PageResidency.observable(dir), "page residency cannot be observed here");
    }

    private Path forcedFile(int bytes) throws IOException {
        Path file = dir.resolve("segment.jsonl");
        byte[] line = line();
        ByteBuffer content = ByteBuffer.allocate(bytes);
        while (content.hasRemaining()) {
            content.put(line, 0, Math.min(line.length, content.remaining()));
        }
        content.flip();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            while (content.hasRemaining()) {
                channel.write(content);
            }
            channel.force(false); // only clean pages can be evicted
        }
        return file;
    }

    private static byte[] line() {
        return "{\"endpoint\":\"credit\",\"features\":[1,2,3]}\n".getBytes(StandardCharsets.UTF_8);
    }
}
