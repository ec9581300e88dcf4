package org.tl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Weight files written by Keras itself, loaded through {@code ./tl extract --no-pool} on both backends and compared
 * with the features Keras computed from them (fixtures: {@code resources/keras-weights}, written by
 * {@code scripts/make-keras-weight-fixtures.py}; see the README there). Every format the docs claim: Keras 3
 * {@code .weights.h5}, legacy HDF5 with the weights at the root and under {@code /model_weights}, safetensors,
 * {@code weights = imagenet} finding a file that Keras's name places in {@code ~/.keras/models}, and an ONNX backbone
 * exported by PyTorch.
 */
class KerasWeightsE2ETests {

  private static final String[] BACKBONES = {"mobilenet_v2", "resnet50", "vgg16"};
  private static final String[] BACKENDS = {"tensorflow", "djl"};
  /** Loaded on both backends: the formats of acceptance 2 (G1), the legacy file under {@code /model_weights} too. */
  private static final String[] BOTH_BACKENDS = {".weights.h5", "_root.h5", "_model.h5"};
  /**
   * Loaded on one backend per backbone, taking turns, to keep the suite short: the reader hands every backend the
   * same weights, so a second backend adds only a run.
   */
  private static final String[] ONE_BACKEND = {".safetensors"};
  private static final String[] FILES = {".weights.h5", "_root.h5", "_model.h5", ".safetensors"};
  private static final double TOLERANCE = 1e-4;

  @TempDir
  static Path tmp;

  private static Path fixtures;
  private static Properties properties;

  @BeforeAll
  static void unpack() throws IOException {
    fixtures = Tl.checkout().resolve("tl-e2e/src/test/resources/keras-weights");
    properties = new Properties();
    try (Reader in = Files.newBufferedReader(fixtures.resolve("fixtures.properties"))) {
      properties.load(in);
    }
    for (String backbone : BACKBONES) {
      for (String file : FILES) {
        Path gz = fixtures.resolve(backbone).resolve(backbone + file + ".gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
          Files.copy(in, tmp.resolve(backbone + file));
        }
      }
    }
  }

  static Stream<Arguments> files() {
    List<Arguments> cases = new ArrayList<>();
    for (int i = 0; i < BACKBONES.length; i++) {
      for (String file : BOTH_BACKENDS) {
        for (String backend : BACKENDS) {
          cases.add(Arguments.of(BACKBONES[i], file, backend));
        }
      }
      for (int j = 0; j < ONE_BACKEND.length; j++) {
        cases.add(Arguments.of(BACKBONES[i], ONE_BACKEND[j], BACKENDS[(i + j) % 2]));
      }
    }
    return cases.stream();
  }

  /** Each backbone on both backends (acceptance 2 of G1: {@code weights = imagenet} must match on both). */
  static Stream<Arguments> backbonesAndBackends() {
    return Stream.of(BACKBONES).flatMap(b -> Stream.of(BACKENDS).map(backend -> Arguments.of(b, backend)));
  }

  @ParameterizedTest(name = "{0}{1} on {2}")
  @MethodSource("files")
  void kerasFileGivesKerasFeatures(String backbone, String file, String backend) throws IOException {
    Path out = tmp.resolve(backbone + file + "-" + backend + ".npy");
    Tl.Result result = Tl.run(extract(backbone, backend, out, "backbone.weights=" + tmp.resolve(backbone + file)))
        .succeeded();
    assertMatchesReference(backbone, out, result);
  }

  @ParameterizedTest(name = "{0} imagenet on {1}")
  @MethodSource("backbonesAndBackends")
  void imagenetFindsKerasFileInKerasCache(String backbone, String backend) throws IOException {
    Path home = tmp.resolve("home-" + backbone + "-" + backend);
    Path kerasFile = home.resolve(".keras/models").resolve(properties.getProperty(backbone + ".imagenet-file"));
    Files.createDirectories(kerasFile.getParent());
    Files.copy(tmp.resolve(backbone + "_root.h5"), kerasFile);
    Path out = tmp.resolve(backbone + "-imagenet-" + backend + ".npy");
    Tl.Result result = inHome(home).run(extract(backbone, backend, out, "backbone.weights=imagenet",
        "backbone.offline=true", "backbone.weights-hash=" + md5(kerasFile))).succeeded();
    assertMatchesReference(backbone, out, result);
  }

  /** tl-backend-djl's fixture: a torchvision MobileNetV2 exported by PyTorch; reference from ONNX Runtime (Python). */
  @Test
  void pytorchOnnxBackboneGivesTheFilesFeatures() throws IOException {
    Path onnx = Tl.checkout().resolve("tl-backend-djl/src/test/resources/onnx/mobilenet_v2_035.onnx");
    Path out = tmp.resolve("onnx-djl.npy");
    Tl.Result result = Tl.run(extract("onnx", "djl", out, "backbone.weights=none",
        "backbone.options.path=" + onnx)).succeeded();
    assertMatchesReference("onnx", out, result);
  }

  @Test
  void aFileOfTheCataloguesNameWithOtherContentsIsIgnored() throws IOException {
    Path home = tmp.resolve("home-wrong-hash");
    Path kerasFile = home.resolve(".keras/models").resolve(properties.getProperty("resnet50.imagenet-file"));
    Files.createDirectories(kerasFile.getParent());
    Files.copy(tmp.resolve("resnet50_root.h5"), kerasFile);
    Tl.Result result = inHome(home).run(extract("resnet50", "djl", tmp.resolve("wrong-hash.npy"),
        "backbone.weights=imagenet", "backbone.offline=true")).exited(1);
    // the catalogue's size and md5 are checked: a file of that name with other contents is not taken for ImageNet's
    assertThat(result.stderr()).contains("ignoring " + kerasFile, "expected 94765736",
        "is not in the local caches and downloads are off");
  }

  /** A launcher run whose Java home folder ({@code ~}) is {@code home}; JavaCPP keeps its unpacked natives. */
  private static Tl.Invocation inHome(Path home) {
    String javacpp = Path.of(System.getProperty("user.home"), ".javacpp", "cache").toString();
    return Tl.in(Tl.checkout()).env("TL_JAVA_OPTS", "-Duser.home=" + home
        + " -Dorg.bytedeco.javacpp.cachedir=" + javacpp);
  }

  private static String[] extract(String backbone, String backend, Path out, String... sets) {
    List<String> args = new ArrayList<>(List.of("-q", "extract", "--no-pool",
        "--images", fixtures.resolve("images").toString(), "--out", out.toString(),
        "--set", "backbone.id=" + backbone, "--set", "backend.id=" + backend,
        "--set", "backbone.input-size=" + properties.getProperty("input-size")));
    if (backbone.equals("mobilenet_v2")) {
      args.addAll(List.of("--set", "backbone.alpha=" + properties.getProperty("mobilenet_v2.alpha")));
    }
    for (String set : sets) {
      args.addAll(List.of("--set", set));
    }
    return args.toArray(String[]::new);
  }

  private static void assertMatchesReference(String backbone, Path out, Tl.Result result) throws IOException {
    Npy reference = Npy.read(fixtures.resolve(backbone).resolve("reference.npy"));
    Npy features = Npy.read(out);
    assertThat(features.shape()).as("shape of %s", out).containsExactly(reference.shape());
    assertThat(Files.readAllLines(out.resolveSibling(out.getFileName().toString().replace(".npy", ".txt"))))
        .containsExactly("a.png", "b.png", "c.png");
    double maxRef = reference.maxAbs();
    double maxDiff = reference.maxAbsDifference(features);
    assertThat(maxDiff).as("max |tl4j - reference| of %s, max|ref| %s", out, maxRef).isLessThanOrEqualTo(TOLERANCE * maxRef);
    // no log line (jhdf's "Using development version of jHDF" was one on every read)
    assertThat(result.errorLines()).as("stderr of tl %s", result.command())
        .noneMatch(l -> l.contains("jHDF") || l.contains("] WARN ") || l.contains("] ERROR "));
  }

  private static String md5(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
