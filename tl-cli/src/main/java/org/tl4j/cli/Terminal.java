package org.tl4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stderr is a terminal: progress is redrawn in place there, and written as plain lines elsewhere. */
final class Terminal {
    private Terminal() {
    }

    /**
     * True when file descriptor 2 is a terminal device (Linux: {@code /proc/self/fd/2} links to {@code /dev/pts/…} or
     * {@code /dev/tty…}); where {@code /proc} is missing, whether the JVM has a console.
     */
    static boolean stderr() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
