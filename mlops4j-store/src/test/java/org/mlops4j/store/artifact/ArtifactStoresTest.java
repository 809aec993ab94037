package org.mlops4j.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlops4j.store.artifact.MlopsAssertions.hasCode;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlops4j.core.ErrorCode;

class ArtifactStoresTest {
    @TempDir
    Path dir;

    @Test
    void open_plainDirectoryPath_opensALocalStoreThere() throws Exception {
        try (ArtifactStore store = ArtifactStores.open(dir.resolve("artifacts").toString())) {
            store.put(ArtifactPath.of("a.txt"), new ByteArrayInputStream(new byte[] {1, 2}), 2);

            assertThat(store).isInstanceOf(LocalArtifactStore.class);
            assertThat(Files.size(dir.resolve("artifacts/a.txt"))).isEqualTo(2);
        }
    }

    @Test
    void open_fileUri_opensALocalStoreThere() throws Exception {
        String uri = dir.toUri().toString();

        try (ArtifactStore store = ArtifactStores.open(uri)) {
            assertThat(store).isInstanceOf(LocalArtifactStore.class);
            assertThat(store.rootUri()).isEqualTo(uri);
        }
    }

    /** Building the S3 client contacts nothing, so this runs without a server or credentials. */
    @Test
    void open_s3Uri_opensAnS3StoreOnThatBucketAndPrefix() {
        try (ArtifactStore store = ArtifactStores.open("s3://my-bucket/mlflow/artifacts/")) {
            assertThat(store).isInstanceOf(S3ArtifactStore.class);
            assertThat(store.rootUri()).isEqualTo("s3://my-bucket/mlflow/artifacts");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://x", "http://host/dir", "hdfs://namenode/path"})
    void open_unsupportedScheme_isRejected(String uri) {
        assertThatThrownBy(() -> ArtifactStores.open(uri)).satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void open_blank_isRejected(String uri) {
        assertThatThrownBy(() -> ArtifactStores.open(uri)).satisfies(hasCode(ErrorCode.INVALID_PARAMETER_VALUE));
    }
}
