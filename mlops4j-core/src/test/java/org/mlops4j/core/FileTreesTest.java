package org.mlops4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path dir;

    @Test
    void aTreeGoesWhole_butWhatItsLinksPointAtStays() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "keep me");
        Path keptDir = Files.createDirectories(dir.resolve("kept"));
        Files.writeString(keptDir.resolve("inner.txt"), "keep me too");
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(tree.resolve("file.txt"), "x");
        Files.createSymbolicLink(dir.resolve("tree/a/link-to-file"), outside);
        Files.createSymbolicLink(dir.resolve("tree/link-to-dir"), keptDir);

        FileTrees.delete(dir.resolve("tree"));

        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(outside).hasContent("keep me");
        assertThat(keptDir.resolve("inner.txt")).hasContent("keep me too");
        FileTrees.delete(dir.resolve("tree")); // gone already: nothing to do
        FileTrees.delete(dir.resolve("never-was"));
    }
}
