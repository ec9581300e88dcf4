package org.tl4j.api.internal;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/** File helpers tl4j's modules share: the one recursive delete. Not part of the plugin contract. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class MoreFiles {
    private MoreFiles() {
    }

    /**
     * Deletes a file, or a folder with everything below it (deepest first; symbolic links are removed, never
     * followed). Nothing happens when the path does not exist.
     */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(path)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * Deletes as {@link #deleteRecursively} does, for clean-up that must not hide the error that caused it: what
     * cannot be deleted now is left to the JVM's exit
     * (or, in a shutdown hook, left where it is).
     */
    public static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            deleteRecursively(path);
        } catch (IOException | UncheckedIOException e) {
            try {
                path.toFile().deleteOnExit();
            } catch (IllegalStateException shuttingDown) {
                // called from a shutdown hook: nothing is left to try
            }
        }
    }
}
