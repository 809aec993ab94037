package org.mlops4j.store.artifact;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlops4j.store.artifact.MlopsAssertions.hasCode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlops4j.core.ErrorCode;

/** What every {@link ArtifactStore} must do; each implementation's test extends this. */
abstract class ArtifactStoreContractTest {
    protected static final int MIB = 1024 * 1024;
    /** S3 rejects non-last multipart parts smaller than 5 MiB, so the contract uses parts of that size. */
    protected static final int PART = 5 * MIB;

    protected ArtifactStore store;

    /** A fresh, empty store; it is closed after each test. */
    protected abstract ArtifactStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // --- put / open ---

    @Test
    void put_knownLength_opensByteExact() {
        byte[] content = random(1000, 1);

        store.put(path("a/b.bin"), new ByteArrayInputStream(content), content.length);

        assertThat(read("a/b.bin")).isEqualTo(content);
    }

    @Test
    void put_multiMegabyteStreamOfKnownLength_opensByteExact() {
        byte[] content = random(6 * MIB + 7, 2);

        store.put(path("big.bin"), new ByteArrayInputStream(content), content.length);

        assertThat(read("big.bin")).isEqualTo(content);
    }

    @Test
    void put_multiMegabyteStreamOfUnknownLength_opensByteExact() {
        byte[] content = random(20 * MIB + 123, 3);

        store.put(path("model/weights.bin"), new ByteArrayInputStream(content), -1);

        assertThat(read("model/weights.bin")).isEqualTo(content);
        assertThat(store.size(path("model/weights.bin"))).isEqualTo(content.length);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void put_emptyStream_createsEmptyFile(long length) {
        store.put(path("empty.txt"), InputStream.nullInputStream(), length);

        assertThat(read("empty.txt")).isEmpty();
        assertThat(store.size(path("empty.txt"))).isZero();
    }

    @Test
    void put_existingFile_replacesItsContent() {
        putText("a.txt", "first version, longer");

        putText("a.txt", "second");

        assertThat(readText("a.txt")).isEqualTo("second");
        assertThat(store.size(path("a.txt"))).isEqualTo(6);
    }

    @Test
    void put_root_isRejected() {
        assertThatThrownBy(() -> store.put(ArtifactPath.root(), InputStream.nullInputStream(), 0))
                .satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    /**
     * A failed upload must not leave a partial file behind: readers see the old content. The cases
     * are a declared 2 MiB that breaks after 1 MiB, and an unknown length that breaks after 9 MiB
     * (past the first 8 MiB part of S3's multipart upload).
     */
    @ParameterizedTest
    @CsvSource({"1, 2", "9, -1"})
    void put_streamFailsMidway_keepsTheOldContent(int megabytesBeforeFailure, int declaredMegabytes) {
        putText("dir/a.txt", "old");
        InputStream failing = failingAfter(megabytesBeforeFailure * MIB);
        long declaredLength = declaredMegabytes < 0 ? -1 : (long) declaredMegabytes * MIB;

        assertThatThrownBy(() -> store.put(path("dir/a.txt"), failing, declaredLength))
                .isInstanceOf(RuntimeException.class);

        assertThat(readText("dir/a.txt")).isEqualTo("old");
        assertThat(store.list(path("dir"))).containsExactly(new ArtifactEntry("a.txt", false, 3));
    }

    @Test
    void open_missingFile_throwsNotFound() {
        assertThatThrownBy(() -> store.open(path("no/such/file")))
                .satisfies(hasCode(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @Test
    void open_directory_throwsNotFound() {
        putText("dir/a.txt", "a");

        assertThatThrownBy(() -> store.open(path("dir"))).satisfies(hasCode(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    // --- size ---

    @Test
    void size_file_returnsItsLength() {
        putText("a.txt", "12345");

        assertThat(store.size(path("a.txt"))).isEqualTo(5);
    }

    @Test
    void size_missingFileOrDirectory_returnsMinusOne() {
        putText("dir/a.txt", "a");

        assertThat(store.size(path("missing.txt"))).isEqualTo(-1);
        assertThat(store.size(path("dir"))).isEqualTo(-1);
    }

    // --- list ---

    @Test
    void list_directory_returnsDirectChildrenSortedWithSizes() {
        putText("run/metrics.json", "{}");
        putText("run/b.txt", "bbb");
        putText("run/a.txt", "a");
        putText("run/model/MLmodel", "flavors: {}");
        putText("run/model/data/weights.bin", "w");
        putText("run/model-2/x", "x");
        putText("other/c.txt", "c");

        assertThat(store.list(path("run"))).containsExactly(
                new ArtifactEntry("a.txt", false, 1),
                new ArtifactEntry("b.txt", false, 3),
                new ArtifactEntry("metrics.json", false, 2),
                new ArtifactEntry("model", true, 0),
                new ArtifactEntry("model-2", true, 0));
    }

    @Test
    void list_root_returnsTopLevelEntries() {
        putText("x.txt", "x");
        putText("d/y.txt", "y");

        assertThat(store.list(ArtifactPath.root()))
                .containsExactly(new ArtifactEntry("d", true, 0), new ArtifactEntry("x.txt", false, 1));
    }

    @Test
    void list_missingDirectory_isEmpty() {
        assertThat(store.list(path("nothing/here"))).isEmpty();
        assertThat(store.list(ArtifactPath.root())).isEmpty();
    }

    @Test
    void list_pathOfAFile_isEmpty() {
        putText("a.txt", "a");

        assertThat(store.list(path("a.txt"))).isEmpty();
    }

    // --- delete ---

    @Test
    void delete_file_removesOnlyThatFile() {
        putText("dir/a.txt", "a");
        putText("dir/b.txt", "b");

        store.delete(path("dir/a.txt"));

        assertThat(store.size(path("dir/a.txt"))).isEqualTo(-1);
        assertThat(store.list(path("dir"))).containsExactly(new ArtifactEntry("b.txt", false, 1));
    }

    @Test
    void delete_directory_removesEverythingBeneathButNotSiblingsSharingItsName() {
        putText("m/a", "a");
        putText("m/sub/b", "b");
        putText("m/sub/deep/c", "c");
        putText("m-2/keep", "k");
        putText("m.txt", "t");

        store.delete(path("m"));

        assertThat(store.list(path("m"))).isEmpty();
        assertThat(store.size(path("m/sub/deep/c"))).isEqualTo(-1);
        assertThat(store.list(ArtifactPath.root()))
                .containsExactly(new ArtifactEntry("m-2", true, 0), new ArtifactEntry("m.txt", false, 1));
    }

    @Test
    void delete_missingPath_isNotAnError() {
        store.delete(path("no/such/thing"));

        assertThat(store.list(ArtifactPath.root())).isEmpty();
    }

    @Test
    void delete_root_isRejected() {
        putText("a.txt", "a");

        assertThatThrownBy(() -> store.delete(ArtifactPath.root()))
                .satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThat(store.size(path("a.txt"))).isEqualTo(1);
    }

    // --- multipart ---

    @Test
    void completeMultipart_partsUploadedOutOfOrder_joinsThemInPartNumberOrder() {
        byte[] first = random(PART, 11);
        byte[] second = random(PART, 12);
        byte[] last = "the end".getBytes(UTF_8);
        ArtifactPath target = path("model/weights.bin");
        String uploadId = store.startMultipart(target);

        String eTag3 = store.putPart(target, uploadId, 3, new ByteArrayInputStream(last), last.length);
        String eTag1 = store.putPart(target, uploadId, 1, new ByteArrayInputStream(first), first.length);
        String eTag2 = store.putPart(target, uploadId, 2, new ByteArrayInputStream(second), -1);
        assertThat(store.size(target)).as("not visible before completion").isEqualTo(-1);
        store.completeMultipart(target, uploadId, List.of(3, 1, 2));

        assertThat(List.of(eTag1, eTag2, eTag3))
                .allSatisfy(eTag -> assertThat(eTag).isNotBlank()).doesNotHaveDuplicates();
        assertThat(read("model/weights.bin")).isEqualTo(concat(first, second, last));
    }

    @Test
    void completeMultipart_partUploadedTwice_usesTheLastUpload() {
        ArtifactPath target = path("a.txt");
        String uploadId = store.startMultipart(target);

        store.putPart(target, uploadId, 1, text("first"), 5);
        store.putPart(target, uploadId, 1, text("second"), 6);
        store.completeMultipart(target, uploadId, List.of(1));

        assertThat(readText("a.txt")).isEqualTo("second");
    }

    @Test
    void completeMultipart_partNeverUploaded_isRejected() {
        ArtifactPath target = path("a.txt");
        String uploadId = store.startMultipart(target);
        store.putPart(target, uploadId, 1, text("one"), 3);

        assertThatThrownBy(() -> store.completeMultipart(target, uploadId, List.of(1, 2)))
                .satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThat(store.size(target)).isEqualTo(-1);
    }

    @Test
    void completeMultipart_unknownUploadId_throwsNotFound() {
        assertThatThrownBy(() -> store.completeMultipart(path("a.txt"), UUID.randomUUID().toString(), List.of(1)))
                .satisfies(hasCode(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @Test
    void abortMultipart_discardsTheUploadAndItsParts() {
        ArtifactPath target = path("a.txt");
        String uploadId = store.startMultipart(target);
        store.putPart(target, uploadId, 1, text("one"), 3);

        store.abortMultipart(target, uploadId);

        assertThat(store.size(target)).isEqualTo(-1);
        assertThatThrownBy(() -> store.completeMultipart(target, uploadId, List.of(1)))
                .satisfies(hasCode(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 10_001})
    void putPart_partNumberOutOfRange_isRejected(int partNumber) {
        ArtifactPath target = path("a.txt");
        String uploadId = store.startMultipart(target);

        assertThatThrownBy(() -> store.putPart(target, uploadId, partNumber, text("x"), 1))
                .satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    // --- helpers ---

    protected static ArtifactPath path(String raw) {
        return ArtifactPath.of(raw);
    }

    protected void putText(String path, String content) {
        byte[] bytes = content.getBytes(UTF_8);
        store.put(path(path), new ByteArrayInputStream(bytes), bytes.length);
    }

    protected byte[] read(String path) {
        try (InputStream in = store.open(path(path))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected String readText(String path) {
        return new String(read(path), UTF_8);
    }

    protected static InputStream text(String content) {
        return new ByteArrayInputStream(content.getBytes(UTF_8));
    }

    protected static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A stream that serves {@code bytes} bytes, then fails as a dropped client connection would. */
    protected static InputStream failingAfter(int bytes) {
        InputStream failure = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset by test");
            }
        };
        return new SequenceInputStream(new ByteArrayInputStream(random(bytes, 99)), failure);
    }

    private static byte[] concat(byte[]... arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] array : arrays) {
            out.writeBytes(array);
        }
        return out.toByteArray();
    }
}
