package org.tl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tl4j.api.BackendException;
import org.tl4j.api.DataException;
import org.tl4j.api.GraphException;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.TlException;
import org.tl4j.api.WeightsException;
import picocli.CommandLine;

/**
 * The CLI's failure handling as a property: every kind of {@link Throwable} that can reach {@link Main} (tl4j's
 * exceptions, the JDK's runtime and I/O exceptions, {@link Error}s, wrapped or not) ends as one line
 * {@code error: <what>; <what to do>} with the documented exit code, and the trace only in a log file or with -v.
 */
class FailuresTests {
    private static final String[] ARGS = {"train", "run.conf"};

    @TempDir
    Path logs;

    static Stream<Throwable> failures() {
        return Stream.of(
                new TlException("the run failed; do this"),
                new TlConfigException("run.conf:3: unknown key `tl4j.x`; known keys: y"),
                new DataException("data/train has no class folders; put images in subfolders"),
                new WeightsException("w.h5: not a Keras weight file; give a Keras file"),
                new BackendException("tensorflow: cannot open; try --set backend.id=djl"),
                new GraphException("layer x: bad shape; check the backbone"),
                new CommandLine.ParameterException(Main.commandLine(), "--input abc: expected H or HxW"),
                new IllegalArgumentException("len < 0"),
                new IllegalStateException(),
                new NullPointerException(),
                new ArrayIndexOutOfBoundsException(7),
                new ClassCastException("a cannot be cast to b"),
                new UnsupportedOperationException("not yet"),
                new IOException("stream closed"),
                new UncheckedIOException(new NoSuchFileException("data/flowers/roses")),
                new UncheckedIOException(new FileSystemLoopException("data/train/cats/loop")),
                new AccessDeniedException("runs/x"),
                new UncheckedIOException(new FileSystemException("runs/x/model", null, "No space left on device")),
                new InterruptedException(),
                new Exception("checked\nwith two lines"),
                new OutOfMemoryError("Java heap space"),
                new OutOfMemoryError("GC overhead limit exceeded"),
                new OutOfMemoryError("Physical memory usage is too high: physicalBytes (3G) > maxPhysicalBytes (2G)"),
                new OutOfMemoryError("Cannot allocate new SizeTPointer(1): totalBytes = 0, physicalBytes = 125M")
                        .initCause(new OutOfMemoryError("Physical memory usage is too high: physicalBytes (125M) > "
                                + "maxPhysicalBytes (51200K)")),
                new OutOfMemoryError("Direct buffer memory"),
                new OutOfMemoryError("Metaspace"),
                new OutOfMemoryError("unable to create native thread: possibly out of memory"),
                new OutOfMemoryError(),
                new StackOverflowError(),
                new NoClassDefFoundError("org/apache/commons/lang3/concurrent/LazyInitializer"),
                new ExceptionInInitializerError(new SecurityException(
                        "sealing violation: package org.tl4j.spi is sealed")),
                new ExceptionInInitializerError(new NullPointerException()),
                new UnsatisfiedLinkError("no jnitensorflow in java.library.path"),
                new NoSuchMethodError("'java.util.List OnnxMl$AttributeProto.emptyList()'"),
                new AbstractMethodError(),
                new InternalError("a fault occurred in an unsafe memory access"),
                new AssertionError("unreachable"),
                new CompletionException(new OutOfMemoryError("Java heap space")),
                new ExecutionException(new DataException("bad image; see bad-images.txt")),
                new InvocationTargetException(new IllegalStateException("plugin failed")),
                new CommandLine.ExecutionException(Main.commandLine(), "wrapped",
                        new TlConfigException("tl4j.data.train is required; give a folder")),
                new TlException("wrapper; none", new OutOfMemoryError("Java heap space")));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void everyFailureIsOneErrorLineWithTheDocumentedExitCode(Throwable failure) throws IOException {
        StringWriter err = new StringWriter();
        int code = Failures.report(failure, ARGS, false, new PrintWriter(err, true), logs);

        List<String> lines = err.toString().lines().toList();
        assertThat(lines).as(err.toString()).hasSize(1);
        String line = lines.get(0);
        assertThat(line).startsWith("error: ").contains("; ").doesNotContain("\tat ").doesNotContain("Exception in");
        Throwable inner = Failures.unwrap(failure);
        boolean usage = inner instanceof TlConfigException || inner instanceof CommandLine.ParameterException;
        assertThat(code).isEqualTo(usage ? Main.EXIT_USAGE : Main.EXIT_FAILURE);
        try (Stream<Path> written = Files.list(logs)) {
            List<Path> files = written.toList();
            if (inner instanceof TlException && !(inner.getCause() instanceof Error)
                    || inner instanceof CommandLine.ParameterException) {
                assertThat(files).as("tl4j's own errors say all; no trace is kept").isEmpty();
            } else {
                assertThat(files).hasSize(1);
                assertThat(line).endsWith("(trace: " + files.get(0) + ")");
                assertThat(Files.readString(files.get(0))).contains("tl train run.conf")
                        .contains(failure.getClass().getName()).contains("\tat ");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("failures")
    void verbosePrintsTheTraceInstead(Throwable failure) throws IOException {
        StringWriter err = new StringWriter();
        Failures.report(failure, ARGS, true, new PrintWriter(err, true), logs);
        assertThat(err.toString()).startsWith("error: ").contains("\tat ").contains(failure.getClass().getName());
        try (Stream<Path> written = Files.list(logs)) {
            assertThat(written).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void memoryErrorsNameTheSettingToChange() {
        assertThat(Failures.describe(new OutOfMemoryError("Java heap space")))
                .contains("TL_JAVA_OPTS=-Xmx").contains("data.batch-size");
        assertThat(Failures.describe(new OutOfMemoryError("GC overhead limit exceeded")))
                .contains("TL_JAVA_OPTS=-Xmx");
        assertThat(Failures.describe(new RuntimeException(new OutOfMemoryError(
                "Physical memory usage is too high: physicalBytes (3G) > maxPhysicalBytes (2G)"))))
                .contains("-Dorg.bytedeco.javacpp.maxPhysicalBytes=").contains("data.batch-size");
        assertThat(Failures.describe(new OutOfMemoryError("Cannot allocate new SizeTPointer(1)").initCause(
                new OutOfMemoryError("Physical memory usage is too high: physicalBytes (125M) > maxPhysicalBytes "
                        + "(51200K)")))).contains("-Dorg.bytedeco.javacpp.maxPhysicalBytes=");
        assertThat(Failures.describe(new OutOfMemoryError("Direct buffer memory")))
                .contains("-XX:MaxDirectMemorySize");
    }

    @org.junit.jupiter.api.Test
    void aSealingViolationPointsAtTheClassDataArchive() {
        assertThat(Failures.describe(new ExceptionInInitializerError(new SecurityException(
                "sealing violation: package org.tl4j.spi is sealed")))).contains("tl.jsa").contains("TL_CDS=0");
    }

    @org.junit.jupiter.api.Test
    void fileErrorsNameTheFile() {
        assertThat(Failures.describe(new UncheckedIOException(new NoSuchFileException("data/x/roses"))))
                .startsWith("data/x/roses does not exist");
        assertThat(Failures.describe(new AccessDeniedException("runs/x"))).contains("permission denied: runs/x");
        assertThat(Failures.describe(new FileSystemException("runs/m", null, "No space left on device")))
                .contains("disk is full").contains("runs/m");
    }
}
