package org.mlops4j.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlops4j.store.artifact.MlopsAssertions.hasCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ErrorCode;

class LocalArtifactStoreTest extends ArtifactStoreContractTest {
    private static final String STAGING = ".mlops4j-staging";

    @TempDir
    Path root;

    @TempDir
    Path outside;

    @Override
    protected ArtifactStore newStore() {
        return new LocalArtifactStore(root);
    }

    @Test
    void symlinkedDirectoryLeadingOutside_cannotBeReadWrittenListedOrDeletedThrough() throws IOException {
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("escape"), outside);

        assertThatThrownBy(() -> store.open(path("escape/secret.txt")))
                .satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> putText("escape/planted.txt", "x"))
                .satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> putText("escape/sub/planted.txt", "x"))
                .satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> store.list(path("escape"))).satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> store.delete(path("escape/secret.txt")))
                .satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));

        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).containsExactly(outside.resolve("secret.txt"));
        }
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("secret");
    }

    @Test
    void symlinkedFileLeadingOutside_cannotBeReadOrOverwritten() throws IOException {
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));

        assertThatThrownBy(() -> store.open(path("link.txt"))).satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> store.size(path("link.txt"))).satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> putText("link.txt", "x")).satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));

        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("secret");
    }

    @Test
    void delete_directoryHoldingALinkToOutside_removesTheLinkButNotWhatItPointsTo() throws IOException {
        Files.writeString(outside.resolve("secret.txt"), "secret");
        putText("dir/a.txt", "a");
        Files.createSymbolicLink(root.resolve("dir/escape"), outside);

        store.delete(path("dir"));

        assertThat(root.resolve("dir")).doesNotExist();
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("secret");
    }

    @Test
    void symlinkedMultipartTargetLeadingOutside_isRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), outside);

        assertThatThrownBy(() -> store.startMultipart(path("escape/a.bin")))
                .satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    @Test
    void list_root_hidesTheStagingFolder() {
        putText("a.txt", "a");

        assertThat(Files.isDirectory(root.resolve(STAGING))).isTrue();
        assertThat(store.list(ArtifactPath.root())).containsExactly(new ArtifactEntry("a.txt", false, 1));
    }

    @Test
    void stagingFolder_cannotBeAddressed() {
        assertThatThrownBy(() -> store.open(path(STAGING + "/x")))
                .satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> putText(STAGING + "/x", "x")).satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> store.delete(path(STAGING))).satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    @Test
    void put_streamFailsMidway_leavesNoPartialFileAnywhere() throws IOException {
        putText("a.txt", "old");

        assertThatThrownBy(() -> store.put(path("a.txt"), failingAfter(64 * 1024), -1))
                .isInstanceOf(RuntimeException.class);

        assertThat(readText("a.txt")).isEqualTo("old");
        assertThat(stagedFiles()).isEmpty();
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files).containsExactlyInAnyOrder(root.resolve("a.txt"), root.resolve(STAGING));
        }
    }

    @Test
    void completeMultipart_removesItsStagedParts() throws IOException {
        ArtifactPath target = path("a.txt");
        String uploadId = store.startMultipart(target);
        store.putPart(target, uploadId, 1, text("one"), 3);

        store.completeMultipart(target, uploadId, List.of(1));

        assertThat(stagedFiles()).isEmpty();
    }

    @Test
    void multipartUploadId_thatIsNotOneOfOurs_isRejected() {
        assertThatThrownBy(() -> store.abortMultipart(path("a.txt"), "../../etc"))
                .satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    private List<Path> stagedFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(STAGING))) {
            return files.toList();
        }
    }
}
