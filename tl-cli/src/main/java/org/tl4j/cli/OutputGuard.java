package org.tl4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tl4j.api.TlException;

/**
 * What a command writes never destroys what a user had: not a file the command reads (or one inside a folder it
 * reads), and not an existing file unless {@code --force} says so; and it is written through a temporary file and an
 * atomic move, so an interrupted command leaves the old file or the new one, never half of one.
 */
final class OutputGuard {
    private OutputGuard() {
    }

    /**
     * Refuses {@code out} when it is one of {@code inputs} or lies inside one of them (compared by real paths, so
     * links and {@code ..} do not hide it).
     */
    static void refuseOverwritingInputs(Path out, String option, Path... inputs) {
        Path target = real(out);
        for (Path in : inputs) {
            if (in == null || !Files.exists(in)) {
                continue;
            }
            Path input = real(in);
            if (target.equals(input) || target.startsWith(input) && Files.isDirectory(input)) {
                throw new TlException(option + " " + out + " would overwrite " + (target.equals(input) ? "" : "a file in ")
                        + in + ", which this command reads; write it somewhere else");
            }
        }
    }

    /** Refuses an existing {@code out} unless {@code force}. */
    static void refuseExisting(Path out, boolean force, String option) {
        if (!force && Files.exists(out)) {
            throw new TlException(option + " " + out + " exists; add --force to replace it");
        }
    }

    /** Writes {@code text} to {@code out} through a temporary file beside it and an atomic move. */
    static void writeString(Path out, String text) {
        Path dir = out.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // not createTempFile, whose file is private (0600): the output gets the permissions any output gets
            tmp = dir.resolve("." + out.getFileName() + "." + ProcessHandle.current().pid() + ".part");
            Files.writeString(tmp, text);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TlException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a leftover .part file is harmless
                }
            }
        }
    }

    /** The real path of {@code p}, or of its nearest existing parent followed by the rest, when it does not exist. */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }
}
