package org.tl4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.TlException;
import picocli.CommandLine;

/**
 * What the user reads when a command fails, whatever failed: one line {@code error: <what failed>; <what to do>} and
 * the exit code, never a stack trace. tl4j's own exceptions already say both halves; anything else (an
 * {@link OutOfMemoryError}, a class that did not load, an I/O error, a bug) is described here from its kind, and its
 * whole trace goes to a log file named at the end of the line ({@code -v} prints it instead).
 *
 * <p>Exit codes: {@value Main#EXIT_USAGE} for a usage or configuration error ({@link TlConfigException}, picocli's
 * parameter errors), {@value Main#EXIT_FAILURE} for everything else. Depends on java.base and tl-api's exception
 * types only, so that it still works when other classes do not load.
 */
final class Failures {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String JAVACPP_LIMIT = "org.bytedeco.javacpp.maxPhysicalBytes";

    private Failures() {
    }

    /** Prints {@code failure} as one line (and its trace when {@code verbose}); returns the exit code. */
    static int report(Throwable failure, String[] args, boolean verbose, PrintWriter err) {
        return report(failure, args, verbose, err, logFolder());
    }

    /** As {@link #report(Throwable, String[], boolean, PrintWriter)}, with the trace's log file in {@code logs}. */
    static int report(Throwable failure, String[] args, boolean verbose, PrintWriter err, Path logs) {
        String line = "error: " + describe(failure);
        if (verbose) {
            err.println(line);
            failure.printStackTrace(err);
        } else if (expected(failure)) {
            err.println(line);
        } else {
            err.println(line + " " + log(failure, args, logs));
        }
        err.flush();
        return exitCode(failure);
    }

    /** Where traces are written: {@code $TMPDIR}, else Java's temporary folder. */
    static Path logFolder() {
        String tmp = System.getenv("TMPDIR");
        return Path.of(tmp != null && !tmp.isBlank() ? tmp : System.getProperty("java.io.tmpdir"));
    }

    /** The exit code for {@code failure}. */
    static int exitCode(Throwable failure) {
        Throwable t = unwrap(failure);
        return t instanceof TlConfigException || t instanceof CommandLine.ParameterException ? Main.EXIT_USAGE
                : Main.EXIT_FAILURE;
    }

    /** What failed and what to do, in one line (without the {@code error: } prefix). */
    static String describe(Throwable failure) {
        Throwable t = unwrap(failure);
        OutOfMemoryError memory = find(t, OutOfMemoryError.class);
        if (memory != null) {
            return outOfMemory(memory, javaCppLimit(memory));
        }
        if (find(t, StackOverflowError.class) != null) {
            return "the stack overflowed (" + where(t) + "); this is a bug in tl4j or a plugin: please report it with"
                    + " the trace (TL_JAVA_OPTS=-Xss16m may get past it)";
        }
        if (t instanceof CommandLine.ParameterException p) {
            return oneLine(p.getMessage()) + "; see " + p.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help";
        }
        if (t instanceof TlException) {
            return t.getMessage(); // written for the user (a configuration's problems one per line)
        }
        Throwable sealing = sealingViolation(t);
        if (sealing != null) {
            return "a class did not load (" + oneLine(sealing.getMessage()) + "): the class-data sharing archive "
                    + "tl-cli/target/tl.jsa was made for another build or folder; delete it (./tl writes a new one) "
                    + "or run with TL_CDS=0";
        }
        if (t instanceof UnsatisfiedLinkError) {
            return "a native library did not load (" + oneLine(t.getMessage()) + "); ./tl doctor checks the "
                    + "backends, and another backend (--set backend.id=djl) may run here";
        }
        if (t instanceof LinkageError) {
            Throwable cause = t.getCause() != null ? t.getCause() : t;
            return "a class did not load (" + name(t) + ": " + oneLine(firstMessage(t)) + (cause != t ? ", caused by "
                    + name(cause) : "") + "); the build may be incomplete or from other sources: rebuild with `mvn "
                    + "-DskipTests install` (./tl rebuilds when the sources change)";
        }
        IOException io = find(t, IOException.class);
        if (io != null && (t instanceof IOException || t instanceof UncheckedIOException)) {
            return io(io);
        }
        return name(t) + (t.getMessage() == null ? "" : ": " + oneLine(t.getMessage())) + " (" + where(t) + "); "
                + "this is a bug in tl4j or a plugin: please report it with the trace";
    }

    /** tl4j's own messages say what to do; their traces help nobody, so they are not logged. */
    private static boolean expected(Throwable failure) {
        Throwable t = unwrap(failure);
        return (t instanceof TlException || t instanceof CommandLine.ParameterException)
                && find(t, VirtualMachineError.class) == null;
    }

    /** JavaCPP's own limit on the process's memory (TensorFlow's tensors), as it words it, or null. */
    private static String javaCppLimit(OutOfMemoryError e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (c instanceof OutOfMemoryError && m.contains("Physical memory usage is too high")) {
                return m;
            }
        }
        return null;
    }

    private static String outOfMemory(OutOfMemoryError e, String javaCppLimit) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (javaCppLimit != null) {
            return "out of memory: the process passed JavaCPP's limit on native memory (" + oneLine(javaCppLimit)
                    + "); raise it with TL_JAVA_OPTS=-D" + JAVACPP_LIMIT + "=<size, e.g. 8g> (by default it follows "
                    + "-Xmx, now " + (Runtime.getRuntime().maxMemory() >> 20) + " MB) or lower data.batch-size "
                    + "(--set data.batch-size=8)";
        }
        if (m.contains("Direct buffer memory")) {
            return "out of memory (Direct buffer memory); raise it with TL_JAVA_OPTS=-XX:MaxDirectMemorySize=<size, "
                    + "e.g. 4g> or lower data.batch-size (--set data.batch-size=8)";
        }
        if (m.contains("Metaspace")) {
            return "out of memory (Metaspace); raise it with TL_JAVA_OPTS=-XX:MaxMetaspaceSize=<size, e.g. 1g>";
        }
        if (m.contains("native thread")) {
            return "out of memory (" + oneLine(m) + "): the system allows no more threads; lower "
                    + "backend.threads or raise the limit (ulimit -u)";
        }
        long maxMb = Runtime.getRuntime().maxMemory() >> 20;
        return "out of memory (" + (m.isEmpty() ? "Java heap" : oneLine(m)) + ", with a heap of at most " + maxMb
                + " MB); give the JVM more with TL_JAVA_OPTS=-Xmx<size, e.g. " + Math.max(2, 2 * (maxMb >> 10))
                + "g> or lower data.batch-size (--set data.batch-size=8)";
    }

    private static String io(IOException e) {
        String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
        if (e instanceof NoSuchFileException) {
            return file + " does not exist; check the path";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + file + "; check the file's owner and mode, or choose another path";
        }
        if (e instanceof FileSystemLoopException) {
            return file + " is a symbolic link into its own folder (a loop); remove the link";
        }
        String m = oneLine(e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : String.valueOf(e.getMessage()));
        if (m.contains("No space left on device")) {
            return "the disk is full" + (file != null ? " (writing " + file + ")" : "") + "; free some space and run"
                    + " again";
        }
        return "I/O error" + (file != null ? " on " + file : "") + ": " + m + "; check the file and the disk";
    }

    /** Writes the whole trace to a log file and returns the text that names it. */
    private static String log(Throwable failure, String[] args, Path dir) {
        StringWriter trace = new StringWriter();
        try (PrintWriter w = new PrintWriter(trace)) {
            w.println("tl " + String.join(" ", args));
            w.println("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
                    + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            failure.printStackTrace(w);
        }
        try {
            Path file = Files.createTempFile(dir, "tl-error-" + LocalDateTime.now().format(STAMP) + "-", ".log");
            Files.writeString(file, trace.toString());
            return "(trace: " + file + ")";
        } catch (IOException | RuntimeException e) {
            return "(run with -v for the trace; it could not be written to " + dir + ")";
        }
    }

    /** The failure inside wrappers that add nothing (a thread pool's, reflection's). */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && (t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof InvocationTargetException || t instanceof UndeclaredThrowableException
                || (t instanceof CommandLine.ExecutionException))) {
            t = t.getCause();
        }
        return t;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static Throwable sealingViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SecurityException && String.valueOf(c.getMessage()).contains("sealing violation")) {
                return c;
            }
        }
        return null;
    }

    private static String firstMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null) {
                return c.getMessage();
            }
        }
        return "no message";
    }

    /** The first frame in tl4j's code, or the top frame: where a bug report should look. */
    private static String where(Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        for (StackTraceElement f : frames) {
            if (f.getClassName().startsWith("org.tl4j.")) {
                return "at " + f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber();
            }
        }
        return frames.length == 0 ? "no stack trace" : "at " + frames[0].getClassName() + "."
                + frames[0].getMethodName();
    }

    private static String name(Throwable t) {
        return t.getClass().getSimpleName().isEmpty() ? t.getClass().getName() : t.getClass().getSimpleName();
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "no message";
        }
        String s = message.strip().replaceAll("\\s*\\R\\s*", " ");
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }
}
