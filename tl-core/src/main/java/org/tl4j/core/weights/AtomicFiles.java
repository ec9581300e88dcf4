package org.tl4j.core.weights;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files so that readers see either the old file or the complete new one: the bytes go to a hidden temporary
 * file in the target's folder ({@code .name.random.part}), which is flushed to disk and renamed over the target
 * with {@link StandardCopyOption#ATOMIC_MOVE}. On failure the temporary file is deleted.
 */
final class AtomicFiles {
    /** The suffix of temporary files; nothing else in tl4j's folders ends with it. */
    static final String TEMP_SUFFIX = ".part";

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    private AtomicFiles() {
    }

    /** Fills a channel opened for writing. */
    @FunctionalInterface
    interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /** Writes {@code target} atomically, creating its folder when needed. */
    static void write(Path target, Content content) throws IOException {
        Path tmp = createTemp(target);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                content.writeTo(ch);
                ch.force(true);
            }
            moveInto(tmp, target);
            moved = true;
        } finally {
            if (!moved) {
                deleteQuietly(tmp);
            }
        }
    }

    /**
     * Creates an empty temporary file beside {@code target} (same folder, so the final rename stays on one file
     * system), with the default permissions of new files, and creates the folder when needed.
     */
    static Path createTemp(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        String base = "." + abs.getFileName() + ".";
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(base + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + TEMP_SUFFIX);
            try {
                Files.createFile(tmp);
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Renames a finished temporary file onto {@code target}, replacing it atomically where the system can. */
    static void moveInto(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            LOG.warn("{} cannot be replaced atomically on this file system; moving it in place instead", target);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file if it exists, logging (not throwing) when that fails. */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete temporary file {}: {}", file, e.toString());
        }
    }
}
