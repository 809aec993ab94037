package org.mlops4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The git commit of the working copy training runs in, read from the {@code .git} directory's files
 * (HEAD, loose refs, packed-refs) without running git.
 */
public final class CodeVersion {
    private static final Pattern SHA = Pattern.compile("^[0-9a-f]{40}([0-9a-f]{24})?$");

    private CodeVersion() {
    }

    /** The commit checked out in the git working copy containing {@code start}, if any. */
    public static Optional<String> gitCommit(Path start) {
        try {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path dotGit = dir.resolve(".git");
                if (Files.isDirectory(dotGit)) {
                    return resolveHead(dotGit);
                }
                if (Files.isRegularFile(dotGit)) { // a worktree or submodule: "gitdir: <path>"
                    String line = Files.readString(dotGit, StandardCharsets.UTF_8).trim();
                    if (line.startsWith("gitdir:")) {
                        return resolveHead(dir.resolve(line.substring("gitdir:".length()).trim()).normalize());
                    }
                    return Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> resolveHead(Path gitDir) throws IOException {
        Path headFile = gitDir.resolve("HEAD");
        if (!Files.isRegularFile(headFile)) {
            return Optional.empty();
        }
        String head = Files.readString(headFile, StandardCharsets.UTF_8).trim();
        if (!head.startsWith("ref:")) {
            return SHA.matcher(head).matches() ? Optional.of(head) : Optional.empty();
        }
        String ref = head.substring(4).trim();
        if (ref.contains("..")) {
            return Optional.empty();
        }
        // Worktrees keep refs in the common directory.
        Path common = gitDir;
        Path commonFile = gitDir.resolve("commondir");
        if (Files.isRegularFile(commonFile)) {
            common = gitDir.resolve(Files.readString(commonFile, StandardCharsets.UTF_8).trim()).normalize();
        }
        for (Path base : List.of(gitDir, common)) {
            Path loose = base.resolve(ref);
            if (Files.isRegularFile(loose)) {
                String sha = Files.readString(loose, StandardCharsets.UTF_8).trim();
                if (SHA.matcher(sha).matches()) {
                    return Optional.of(sha);
                }
            }
        }
        for (Path base : List.of(gitDir, common)) {
            Path packed = base.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                    String[] parts = line.trim().split(" ");
                    if (parts.length == 2 && parts[1].equals(ref) && SHA.matcher(parts[0]).matches()) {
                        return Optional.of(parts[0]);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
