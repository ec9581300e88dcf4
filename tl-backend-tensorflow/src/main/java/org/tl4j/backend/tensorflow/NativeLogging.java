package org.tl4j.backend.tensorflow;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quiets TensorFlow's C++ start-up logging for every user of the backend, not only for {@code ./tl}. TensorFlow logs
 * two ways. Its own logger reads {@code TF_CPP_MIN_LOG_LEVEL} once, while the library loads (the oneDNN and
 * CPU-feature lines): {@link #beforeLoad} sets the variable in the process environment (to {@value #DEFAULT_LEVEL},
 * as {@code ./tl} does) unless the user set it. The copy of Abseil's logger inside {@code libtensorflow_cc} ignores
 * the variable and cannot be reached (its symbols are not exported): it prints "All log messages before
 * absl::InitializeLog() is called are written to STDERR" and "MLIR V1 optimization pass is not enabled" once per
 * process, at the first graph run. {@link #firstRun} makes that first run a tiny one, with file descriptor 2 pointed at
 * a temporary file, and then writes what was caught back to stderr without those two lines; anything else written
 * meanwhile (by any thread) is kept, only delayed. {@code TF_CPP_MIN_LOG_LEVEL=0} brings every line back. All of it is
 * best effort: a failure is logged at debug level and costs only the noise.
 */
final class NativeLogging {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLogging.class);
    static final String VARIABLE = "TF_CPP_MIN_LOG_LEVEL";
    /** Info and warnings off, errors on. */
    static final String DEFAULT_LEVEL = "2";
    /** The two lines Abseil prints once per process whatever the level. */
    static final Pattern NOISE = Pattern.compile("WARNING: All log messages before absl::InitializeLog\\(\\) is called"
            + " are written to STDERR|I\\d{4} [^\\]]* mlir_graph_optimization_pass\\.cc:\\d+\\] MLIR V1 optimization"
            + " pass is not enabled");
    private static final int STDERR = 2;
    private static final int O_WRONLY = 1;
    private static boolean firstRunDone;

    private NativeLogging() {
    }

    /** Before TensorFlow's library loads: sets {@code TF_CPP_MIN_LOG_LEVEL} unless the user did. */
    static void beforeLoad() {
        if (System.getenv(VARIABLE) != null) {
            return;
        }
        try {
            libc().getFunction("setenv").invokeInt(new Object[] {VARIABLE, DEFAULT_LEVEL, 0});
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("cannot set {}: {}", VARIABLE, e.toString());
        }
    }

    /** Runs {@code run}, the process's first graph run, with Abseil's two lines filtered out of stderr; once. */
    static synchronized void firstRun(Runnable run) {
        if (firstRunDone) {
            return;
        }
        firstRunDone = true;
        if ("0".equals(System.getenv(VARIABLE))) {
            run.run();
            return;
        }
        Path caught;
        int saved;
        int file;
        try {
            caught = Files.createTempFile("tl4j-tensorflow-", ".log");
            saved = libc().getFunction("dup").invokeInt(new Object[] {STDERR});
            file = libc().getFunction("open").invokeInt(new Object[] {caught.toString(), O_WRONLY});
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.debug("cannot redirect stderr: {}", e.toString());
            run.run();
            return;
        }
        System.err.flush();
        boolean redirected = saved >= 0 && file >= 0
                && libc().getFunction("dup2").invokeInt(new Object[] {file, STDERR}) >= 0;
        // the first run happens on the engine's warm-up thread: if another thread ends the JVM meanwhile (an error
        // line, then System.exit), the shutdown hook gives stderr back and replays what that thread wrote
        AtomicBoolean pending = new AtomicBoolean(true);
        Runnable restore = () -> {
            if (pending.compareAndSet(true, false)) {
                System.err.flush();
                if (redirected) {
                    libc().getFunction("dup2").invokeInt(new Object[] {saved, STDERR});
                }
                close(saved);
                close(file);
                replay(caught);
            }
        };
        Thread hook = new Thread(restore, "tl4j-stderr-restore");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            run.run();
        } finally {
            restore.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway, and finds nothing left to do
            }
        }
    }

    /** Writes the caught text to stderr without the noise lines, and deletes the file. */
    private static void replay(Path caught) {
        try {
            String kept = Files.readAllLines(caught).stream().filter(line -> !NOISE.matcher(line).matches())
                    .map(line -> line + System.lineSeparator()).collect(Collectors.joining());
            System.err.print(kept);
            System.err.flush();
            Files.deleteIfExists(caught);
        } catch (IOException e) {
            LOG.debug("cannot read back {}: {}", caught, e.toString());
        }
    }

    private static void close(int fd) {
        if (fd >= 0) {
            libc().getFunction("close").invokeInt(new Object[] {fd});
        }
    }

    private static NativeLibrary libc() {
        return NativeLibrary.getInstance("c");
    }
}
