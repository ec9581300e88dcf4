package org.tl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the checkout's {@code ./tl} launcher as a user runs it: a process of its own on the module path, from the
 * checkout's root, with the jars this build just packaged.
 *
 * <p>The launcher rebuilds the project when its sources are newer than tl-cli's build stamp; inside this build the
 * jars were made minutes ago, so {@link #checkout()} writes the stamp as the launcher does after its own build.
 */
public final class Tl {

  private static final long TIMEOUT_MINUTES = 5;
  private static Path root;

  private Tl() {}

  /** The checkout's root (the folder holding {@code tl}), with tl-cli's build stamp written once. */
  public static synchronized Path checkout() {
    if (root == null) {
      Path dir = Path.of("").toAbsolutePath();
      while (dir != null && !Files.isRegularFile(dir.resolve("tl"))) {
        dir = dir.getParent();
      }
      if (dir == null) {
        throw new IllegalStateException("no ./tl launcher above " + Path.of("").toAbsolutePath());
      }
      Path stamp = dir.resolve("tl-cli/target/.tl-build-stamp");
      try {
        Files.createDirectories(stamp.getParent());
        Files.writeString(stamp, "");
        Files.setLastModifiedTime(stamp, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      root = dir;
    }
    return root;
  }

  /** Runs {@code ./tl ARGS} from the checkout's root. */
  public static Result run(String... args) {
    return in(checkout()).run(args);
  }

  /** A launcher run with its own working folder and environment. */
  public static Invocation in(Path workingDir) {
    return new Invocation(checkout().resolve("tl"), workingDir);
  }

  /** How to run the launcher: which one (a moved checkout has its own), from where, with what environment. */
  public static final class Invocation {
    private final Path launcher;
    private final Path workingDir;
    private final Map<String, String> env = new HashMap<>();

    private Invocation(Path launcher, Path workingDir) {
      this.launcher = launcher;
      this.workingDir = workingDir;
    }

    public Invocation launcher(Path tl) {
      return new Invocation(tl, workingDir).env(env);
    }

    public Invocation env(String name, String value) {
      env.put(name, value);
      return this;
    }

    private Invocation env(Map<String, String> values) {
      env.putAll(values);
      return this;
    }

    public Result run(String... args) {
      List<String> command = new ArrayList<>();
      command.add(launcher.toString());
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
      builder.environment().remove("TL_DAEMON");
      builder.environment().putAll(env);
      try {
        Path out = Files.createTempFile("tl-e2e-", ".out");
        Path err = Files.createTempFile("tl-e2e-", ".err");
        try {
          Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
          if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("tl " + String.join(" ", args) + " ran past " + TIMEOUT_MINUTES + " minutes");
          }
          return new Result(String.join(" ", args), process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
          Files.deleteIfExists(out);
          Files.deleteIfExists(err);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** What one launcher run printed and how it ended. */
  public record Result(String command, int exitCode, String stdout, String stderr) {

    /** Asserts exit code 0, showing both streams when not. */
    public Result succeeded() {
      return exited(0);
    }

    public Result exited(int expected) {
      assertThat(exitCode).as("exit code of tl %s%nstdout:%n%s%nstderr:%n%s", command, stdout, stderr)
          .isEqualTo(expected);
      return this;
    }

    /** stderr's lines without the JVM's and TensorFlow's own start-up chatter that tl4j cannot suppress. */
    public List<String> errorLines() {
      return stderr.lines().filter(line -> !line.isBlank()).toList();
    }
  }
}
