package org.mlops4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeVersionTest {
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    @Test
    void gitCommit_looseRef_isReadFromASubdirectory() throws Exception {
        Files.createDirectories(dir.resolve(".git/refs/heads"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(dir.resolve(".git/refs/heads/main"), SHA + "\n");
        Files.createDirectories(dir.resolve("a/b"));
        assertThat(CodeVersion.gitCommit(dir.resolve("a/b"))).contains(SHA);
    }

    @Test
    void gitCommit_packedRefAndDetachedHead() throws Exception {
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/dev\n");
        Files.writeString(dir.resolve(".git/packed-refs"), "# pack-refs with: peeled\n" + SHA + " refs/heads/dev\n");
        assertThat(CodeVersion.gitCommit(dir)).contains(SHA);
        Files.writeString(dir.resolve(".git/HEAD"), SHA.replace('0', 'f') + "\n");
        assertThat(CodeVersion.gitCommit(dir)).contains(SHA.replace('0', 'f'));
    }

    @Test
    void gitCommit_headNamingAMissingRef_isEmpty() throws Exception {
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/unborn\n");
        assertThat(CodeVersion.gitCommit(dir)).isEmpty();
    }
}
