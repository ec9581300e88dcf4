package org.tl4j.core.run;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The git commit of the checkout tl4j runs from ({@code ./tl} runs the jars a checkout built), read from the
 * repository's files without running git: {@code .git} as a folder or, in a worktree, a file naming the git folder;
 * {@code HEAD} detached or naming a branch, found loose or in {@code packed-refs} of the common folder. Jars from a
 * Maven repository have no checkout above them and give none.
 */
final class GitCheckout {
    private GitCheckout() {
    }

    /** The commit of the checkout holding tl-core's classes, if they were built in one. */
    static Optional<String> ofRunningCode() {
        try {
            var source = GitCheckout.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : commitAbove(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The HEAD commit (40 hex digits) of the nearest repository at or above {@code start}. */
    static Optional<String> commitAbove(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path dotGit = dir.resolve(".git");
            if (Files.exists(dotGit)) {
                try {
                    return head(gitDir(dotGit));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Path gitDir(Path dotGit) throws IOException {
        if (Files.isDirectory(dotGit)) {
            return dotGit;
        }
        String line = Files.readString(dotGit).trim();
        if (!line.startsWith("gitdir:")) {
            throw new IOException(dotGit + " names no git folder");
        }
        return dotGit.getParent().resolve(line.substring("gitdir:".length()).trim()).normalize();
    }

    private static Optional<String> head(Path gitDir) throws IOException {
        String head = Files.readString(gitDir.resolve("HEAD")).trim();
        if (!head.startsWith("ref:")) {
            return hex(head);
        }
        String ref = head.substring("ref:".length()).trim();
        Path common = gitDir;
        Path commonFile = gitDir.resolve("commondir");
        if (Files.isRegularFile(commonFile)) {
            common = gitDir.resolve(Files.readString(commonFile).trim()).normalize();
        }
        for (Path dir : new Path[] {gitDir, common}) {
            Path loose = dir.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return hex(Files.readString(loose).trim());
            }
        }
        Path packed = common.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed)) {
                if (line.endsWith(" " + ref)) {
                    return hex(line.substring(0, line.indexOf(' ')));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> hex(String s) {
        return s.matches("[0-9a-f]{40}([0-9a-f]{24})?") ? Optional.of(s) : Optional.empty();
    }
}
