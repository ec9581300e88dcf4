package org.tl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tl4j.e2e.FailuresE2ETests.oneErrorLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.TestInstance;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.weights.Safetensors;

/**
 * Files a user hands tl4j that it must refuse, through {@code ./tl} (G7): weights holding NaN, a weights export that
 * would overwrite its own input or an existing file, and a bundle whose manifest points outside its folder. Each is
 * refused with one {@code error: } line and exit code 1 (docs/ARCHITECTURE.md, "Failure policy"), and leaves what
 * the user had as it was. One short quickstart run is shared by the tests that need a model bundle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserFilesE2ETests {

  private static final String QUICKSTART = "config/fashion2.conf";
  private static final Pattern RUN_FOLDER = Pattern.compile("(?m)^run folder: (.+)$");
  private static final String IMAGE = "data/fashion2/validation/shirt/test-00004.png";

  private Path tmp;
  private Path model;

  @BeforeAll
  void trainOnce() throws IOException {
    tmp = Files.createTempDirectory("tl-e2e-user-files-");
    Tl.Result train = Tl.run("--quiet", "train", QUICKSTART, "--set", "output.dir=" + tmp.resolve("runs"),
        "--set", "trainer.epochs=1").succeeded();
    Matcher m = RUN_FOLDER.matcher(train.stdout());
    assertThat(m.find()).as("run folder in %s", train.stdout()).isTrue();
    model = Path.of(m.group(1).strip()).resolve("model");
    assertThat(model.resolve("model.safetensors")).isRegularFile();
  }

  @AfterAll
  void deleteTemporaryFiles() throws IOException {
    try (Stream<Path> files = Files.walk(tmp)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * G7 item 1: a base whose kernel holds NaN is refused before a run folder is made, on both backends. On tensorflow
   * the line once got lost: the engine's warm-up had stderr redirected (NativeLogging.firstRun, on its own thread)
   * when the JVM exited after the error; a shutdown hook now gives stderr back first.
   */
  @ParameterizedTest
  @ValueSource(strings = {"tensorflow", "djl"})
  void trainRefusesBackboneWeightsHoldingNaN(String backend) throws IOException {
    Path nan = tmp.resolve("nan-base-" + backend + ".safetensors");
    withNaN(Tl.checkout().resolve("data/fashion2/mobilenet_v2_0.35_32_fashion8.safetensors"), nan, "Conv1/kernel");
    Path runs = tmp.resolve("nan-runs-" + backend);
    Tl.Result r = Tl.run("train", QUICKSTART, "-q", "--set", "backend.id=" + backend, "--set",
        "backbone.weights=" + nan, "--set", "output.dir=" + runs).exited(1);
    assertThat(oneErrorLine(r)).contains(nan.toString()).contains("'Conv1/kernel'").contains("non-finite");
    assertThat(entries(runs)).as("no run folder").isEmpty();
  }

  /** G7 item 1: a bundle whose weights hold NaN (its manifest's digest made to match) is refused by predict. */
  @Test
  void predictRefusesABundleWhoseWeightsHoldNaN() throws IOException {
    Path bundle = copyBundle(tmp.resolve("nan-bundle"));
    Path weights = bundle.resolve("model.safetensors");
    String tensor = Safetensors.read(weights).names().stream().filter(n -> n.endsWith("kernel")).sorted()
        .findFirst().orElseThrow();
    withNaN(weights, weights, tensor);
    Path manifest = bundle.resolve("manifest.json");
    Files.writeString(manifest, Files.readString(manifest)
        .replaceFirst("(\"weightsSha256\"\\s*:\\s*)\"[0-9a-f]+\"", "$1\"" + sha256(weights) + "\""));
    Tl.Result r = Tl.run("predict", bundle.toString(), IMAGE).exited(1);
    assertThat(oneErrorLine(r)).as("the NaN check, not the digest's").contains("'" + tensor + "'")
        .contains("non-finite").doesNotContain("does not match its manifest");
    assertThat(r.stdout()).isEmpty();
  }

  /** G7 item 3: export-base never writes over the bundle it reads, nor over a file without --force. */
  @Test
  void exportBaseRefusesItsOwnInputAndAnExistingFileWithoutForce() throws IOException {
    Path input = model.resolve("model.safetensors");
    byte[] before = Files.readAllBytes(input);
    Tl.Result self = Tl.run("weights", "export-base", model.toString(), input.toString()).exited(1);
    assertThat(oneErrorLine(self)).contains(input.toString()).contains("which this command reads");
    assertThat(Arrays.equals(Files.readAllBytes(input), before)).as("%s unchanged byte for byte", input).isTrue();

    Path existing = Files.writeString(tmp.resolve("existing.safetensors"), "a user's file");
    Tl.Result noForce = Tl.run("weights", "export-base", model.toString(), existing.toString()).exited(1);
    assertThat(oneErrorLine(noForce)).contains(existing.toString()).contains("--force");
    assertThat(existing).hasContent("a user's file");

    Tl.run("weights", "export-base", model.toString(), existing.toString(), "--force").succeeded();
    assertThat(Safetensors.read(existing).names()).contains("Conv1/kernel");
  }

  /** G7 item 4: a manifest naming a weights file outside its bundle is refused, its digest matching or not. */
  @Test
  void predictRefusesAWeightsFileOutsideTheBundle() throws IOException {
    Path bundle = copyBundle(tmp.resolve("outside/bundle"));
    Files.move(bundle.resolve("model.safetensors"), tmp.resolve("outside/outside.safetensors"));
    Path manifest = bundle.resolve("manifest.json");
    String text = Files.readString(manifest);
    String pointing = text.replaceFirst("(\"weightsFile\"\\s*:\\s*)\"model.safetensors\"",
        "$1\"../outside.safetensors\"");
    assertThat(pointing).as("manifest's weightsFile rewritten").isNotEqualTo(text);
    Files.writeString(manifest, pointing);
    Tl.Result r = Tl.run("predict", bundle.toString(), IMAGE).exited(1);
    assertThat(oneErrorLine(r)).contains("../outside.safetensors").contains("points outside the bundle");
    assertThat(r.stdout()).isEmpty();
  }

  /** Copies {@code src} to {@code out} with every value of {@code tensor} NaN, the file's metadata kept. */
  private static void withNaN(Path src, Path out, String tensor) {
    Safetensors.Contents contents = Safetensors.readContents(src);
    Map<String, Tensor> tensors = new LinkedHashMap<>(contents.weights().asMap());
    Tensor t = tensors.get(tensor);
    float[] nan = new float[t.size()];
    Arrays.fill(nan, Float.NaN);
    tensors.put(tensor, Tensor.of(nan, t.shape()));
    Safetensors.write(out, Weights.of(tensors), contents.metadata());
  }

  private Path copyBundle(Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(model)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> entries(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
