package org.tl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A built checkout copied ({@code cp -a}) or moved ({@code mv}) elsewhere runs every command: the class-data sharing
 * archive that {@code ./tl} wrote for the old place (same file times, other module path) is not used there, where it
 * made the JVM fail with "sealing violation".
 */
class MovedCheckoutE2ETests {
  /** Under the build folder, on the checkout's file system, so that the jars can be hard links. */
  private final Path work = Path.of("target/moved-checkout").toAbsolutePath();

  @AfterEach
  void removeCopies() throws IOException, InterruptedException {
    sh("rm", "-rf", work.toString());
  }

  @Test
  void aCopiedAndThenMovedCheckoutRunsTrainExportAndPredict() throws Exception {
    Path first = work.resolve("first");
    copyBuiltCheckout(Tl.checkout(), first);
    // a train in the first copy writes its archive there
    Tl.Result trained = Tl.in(first).launcher(first.resolve("tl")).run("train", "config/fashion2.conf", "-q",
        "--set", "trainer.epochs=1").succeeded();
    assertThat(first.resolve("tl-cli/target/tl.jsa")).isNotEmptyFile();
    Path model = Path.of(line(trained, "model: ")); // in runs/, relative to the checkout
    assertThat(model).isRelative();

    Path copy = work.resolve("copy");
    copyBuiltCheckout(first, copy);
    sh("cp", "-a", first.resolve("runs").toString(), copy.toString());
    Tl.Invocation inCopy = Tl.in(copy).launcher(copy.resolve("tl"));
    inCopy.run("export", model.toString(), "--format", "onnx", "--out", "model.onnx", "-q").succeeded();
    assertThat(copy.resolve("model.onnx")).isNotEmptyFile();
    String image = "data/fashion2/validation/shirt/" + firstImage(copy.resolve("data/fashion2/validation/shirt"));
    // predict writes the copy's own archive, which the moved copy must not use either
    assertThat(inCopy.run("predict", model.toString(), image).succeeded().stdout()).contains("shirt");

    Path moved = work.resolve("moved");
    sh("mv", copy.toString(), moved.toString());
    Tl.Invocation inMoved = Tl.in(moved).launcher(moved.resolve("tl"));
    inMoved.run("train", "config/fashion2.conf", "-q", "--set", "trainer.epochs=1").succeeded();
    assertThat(inMoved.run("predict", model.toString(), image).succeeded().stdout()).contains("shirt");
  }

  /**
   * What {@code ./tl} needs of a built checkout, copied with {@code cp -a} (times kept, so no rebuild), the
   * class-data archive included; tl-cli's module jars (300 MB) as hard links, which keep the copy quick and small:
   * only their paths matter here.
   */
  private static void copyBuiltCheckout(Path from, Path to) throws IOException, InterruptedException {
    Files.createDirectories(to.resolve("tl-cli/target"));
    Files.createDirectories(to.resolve("config"));
    Files.createDirectories(to.resolve("data"));
    sh("cp", "-a", from.resolve("tl").toString(), from.resolve("scripts").toString(), to.toString());
    sh("cp", "-a", from.resolve("config/fashion2.conf").toString(), to.resolve("config").toString());
    sh("cp", "-a", from.resolve("data/fashion2").toString(), to.resolve("data").toString());
    sh("cp", "-al", from.resolve("tl-cli/target/modules").toString(), to.resolve("tl-cli/target").toString());
    try (Stream<Path> jars = Files.list(from.resolve("tl-cli/target"))) {
      for (Path jar : jars.filter(p -> p.getFileName().toString().matches("tl-cli-.*\\.jar")).toList()) {
        sh("cp", "-a", jar.toString(), to.resolve("tl-cli/target").toString());
      }
    }
    for (String built : List.of(".tl-build-stamp", "tl.jsa", "tl.jsa.key")) { // the archive, as cp -a would take it
      if (Files.exists(from.resolve("tl-cli/target").resolve(built))) {
        sh("cp", "-a", from.resolve("tl-cli/target").resolve(built).toString(), to.resolve("tl-cli/target").toString());
      }
    }
  }

  private static String line(Tl.Result r, String prefix) {
    return r.stdout().lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' line in:\n" + r.stdout()));
  }

  private static String firstImage(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
    }
  }

  private static void sh(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(command)).inheritIO().start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
  }
}
