package org.mlops4j.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * How much of a file the page cache holds, as util-linux's {@code fincore} reports it (the
 * kernel's {@code mincore}): tests of page cache advice check the kernel, not our own account.
 * Shared with other modules' tests through this module's test jar.
 */
public final class PageResidency {
    private static final Path FINCORE = Path.of("/usr/bin/fincore");

    private PageResidency() {
    }

    /**
     * Whether residency can be observed for files in {@code dir}: fincore is there, and the file
     * system does not live in memory (tmpfs, ramfs), where pages stay whatever the advice.
     */
    public static boolean observable(Path dir) throws IOException {
        String type = Files.getFileStore(dir).type();
        return Files.isExecutable(FINCORE) && !"tmpfs".equals(type) && !"ramfs".equals(type);
    }

    /** Bytes of {@code file} in the page cache. */
    public static long bytes(Path file) throws IOException, InterruptedException {
        Process fincore = new ProcessBuilder(FINCORE.toString(), "--bytes", "--noheadings", "--output", "RES",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(fincore.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!fincore.waitFor(10, TimeUnit.SECONDS) || fincore.exitValue() != 0) {
            throw new IOException("fincore " + file + " failed: " + out);
        }
        return Long.parseLong(out);
    }
}
