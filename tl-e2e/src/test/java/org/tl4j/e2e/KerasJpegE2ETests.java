package org.tl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * tl4j against Keras from the file up: {@code ./tl extract --no-pool} on real JPEG photos in every form (baseline,
 * progressive, 4:2:0 / 4:2:2 / 4:4:4, grayscale, CMYK with and without an Adobe marker, YCCK, an Adobe RGB ICC
 * profile, restart markers, low quality) must give the features Keras computes after its own input pipeline,
 * {@code keras.utils.image_dataset_from_directory} (TensorFlow's JPEG decoder, then bilinear resizing to 48×64), on
 * both backends and for all three backbones. The references and their provenance are in
 * {@code resources/keras-jpeg} (written by {@code scripts/make-keras-jpeg-references.py}); the JPEGs are tl-core's
 * decoder fixtures and the weights those of {@link KerasWeightsE2ETests}. tl4j's defaults are the settings that match
 * Keras's pipeline; only the input size is set.
 */
class KerasJpegE2ETests {

  private static final String[] BACKBONES = {"mobilenet_v2", "resnet50", "vgg16"};
  private static final String[] BACKENDS = {"tensorflow", "djl"};
  private static final String INPUT_SIZE = "[48,64]";
  private static final double TOLERANCE = 1e-4;

  @TempDir
  static Path tmp;

  private static Path references;
  private static Path images;
  private static List<String> files;

  @BeforeAll
  static void copyPhotosAndUnpackWeights() throws IOException {
    Path checkout = Tl.checkout();
    references = checkout.resolve("tl-e2e/src/test/resources/keras-jpeg");
    files = Files.readAllLines(references.resolve("files.txt"));
    images = Files.createDirectories(tmp.resolve("images"));
    for (String file : files) {
      Files.copy(checkout.resolve("tl-core/src/test/resources/jpeg").resolve(file), images.resolve(file));
    }
    for (String backbone : BACKBONES) {
      Path gz = checkout.resolve("tl-e2e/src/test/resources/keras-weights").resolve(backbone)
          .resolve(backbone + ".weights.h5.gz");
      try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
        Files.copy(in, tmp.resolve(backbone + ".weights.h5"));
      }
    }
  }

  static Stream<Arguments> backbonesAndBackends() {
    return Stream.of(BACKBONES).flatMap(b -> Stream.of(BACKENDS).map(backend -> Arguments.of(b, backend)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("backbonesAndBackends")
  void featuresEqualKerasFromTheJpegFiles(String backbone, String backend) {
    Npy reference = Npy.read(references.resolve(backbone + ".npy"));
    Npy features = extract(backbone, backend, "default");
    double maxRef = reference.maxAbs();
    assertThat(reference.maxAbsDifference(features))
        .as("max |tl4j - Keras| of %s on %s, max|ref| %s", backbone, backend, maxRef)
        .isLessThanOrEqualTo(TOLERANCE * maxRef);
  }

  /** The comparison sees the decoder: ImageIO's accurate IDCT is a level or so off, and the features far off. */
  @Test
  void accurateJpegDecoderMissesKerasByFar() {
    Npy reference = Npy.read(references.resolve("mobilenet_v2.npy"));
    Npy features = extract("mobilenet_v2", "djl", "accurate", "--set", "data.jpeg-decoder=accurate");
    assertThat(reference.maxAbsDifference(features)).isGreaterThan(100 * TOLERANCE * reference.maxAbs());
  }

  /** The features {@code tl extract --no-pool} writes for the photos, checked to be in Keras's (sorted) order. */
  private static Npy extract(String backbone, String backend, String name, String... settings) {
    Path out = tmp.resolve(backbone + "-" + backend + "-" + name + ".npy");
    List<String> args = new ArrayList<>(List.of("-q", "extract", "--no-pool", "--images", images.toString(),
        "--out", out.toString(), "--set", "backbone.id=" + backbone, "--set", "backend.id=" + backend,
        "--set", "backbone.input-size=" + INPUT_SIZE,
        "--set", "backbone.weights=" + tmp.resolve(backbone + ".weights.h5")));
    if (backbone.equals("mobilenet_v2")) {
      args.addAll(List.of("--set", "backbone.alpha=0.35"));
    }
    args.addAll(List.of(settings));
    Tl.Result result = Tl.run(args.toArray(String[]::new)).succeeded();
    try {
      assertThat(Files.readAllLines(out.resolveSibling(out.getFileName().toString().replace(".npy", ".txt"))))
          .as("images listed by tl %s", result.command()).containsExactlyElementsOf(files);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return Npy.read(out);
  }
}
