package org.tl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model bundle remembers how its run decoded JPEGs: a config/fashion2.conf run with
 * {@code data.jpeg-decoder = accurate} over JPEG validation images (data/fashion2's PNGs written as JPEGs, and the
 * JPEG fixtures), then {@code tl predict} on those images must give the probabilities of the run's own {@code evaluation.json}. The same bundle without the
 * recorded decoder (as every bundle made before it was recorded) decodes with TensorFlow's pixels, which give other
 * probabilities.
 */
class ManifestE2ETests {
  private static final List<String> FIXTURES = List.of("baseline_420", "progressive_420", "restarts_420",
      "low_q10");

  @TempDir
  static Path work;
  private static Path validation;
  private static Path run;

  @BeforeAll
  static void trainWithTheAccurateDecoder() throws IOException {
    validation = work.resolve("validation");
    for (String label : List.of("shirt", "t-shirt")) {
      Path from = Tl.checkout().resolve("data/fashion2/validation").resolve(label);
      Path to = Files.createDirectories(validation.resolve(label));
      try (Stream<Path> pngs = Files.list(from)) {
        for (Path png : pngs.sorted().limit(12).toList()) {
          BufferedImage image = ImageIO.read(png.toFile());
          String name = png.getFileName().toString().replace(".png", ".jpg");
          assertThat(ImageIO.write(image, "jpeg", to.resolve(name).toFile())).isTrue();
        }
      }
    }
    for (String name : FIXTURES) {
      Files.copy(Tl.checkout().resolve("tl-core/src/test/resources/jpeg").resolve(name + ".jpg"),
          validation.resolve("shirt").resolve(name + ".jpg"));
    }
    Tl.run("--quiet", "train", "config/fashion2.conf", "--set", "trainer.epochs=2", "--set",
        "data.jpeg-decoder=accurate", "--set", "data.validation=\"" + validation + "\"", "--set",
        "output.dir=\"" + work.resolve("runs") + "\"").succeeded();
    try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
      run = runs.findFirst().orElseThrow();
    }
  }

  @Test
  void theBundleRecordsTheRunsDecoder() throws IOException {
    Config manifest = ConfigFactory.parseFile(run.resolve("model/manifest.json").toFile());
    assertThat(manifest.getString("jpegDecoder")).isEqualTo("accurate");
    assertThat(manifest.hasPath("icc")).as("the default, ignore, is not written").isFalse();
  }

  @Test
  void predictDecodesAsTheRunDidAndABundleWithoutTheSettingAsTensorFlow() throws IOException {
    Map<String, Double> evaluated = evaluated();
    assertThat(evaluated).hasSize(24 + FIXTURES.size());
    Map<String, Double> predicted = predict(run.resolve("model"));
    assertThat(predicted.keySet()).isEqualTo(evaluated.keySet());
    evaluated.forEach((image, p) -> assertThat(predicted.get(image)).as(image).isCloseTo(p, within(1e-5)));

    Path older = Files.createDirectories(work.resolve("older"));
    Files.copy(run.resolve("model/model.safetensors"), older.resolve("model.safetensors"));
    String manifest = Files.readString(run.resolve("model/manifest.json"));
    String withoutDecoder = manifest.replace("  \"jpegDecoder\": \"accurate\",\n", "");
    assertThat(withoutDecoder).isNotEqualTo(manifest);
    Files.writeString(older.resolve("manifest.json"), withoutDecoder);
    Map<String, Double> tensorflow = predict(older);
    double largest = evaluated.keySet().stream().mapToDouble(i -> Math.abs(tensorflow.get(i) - evaluated.get(i)))
        .max().orElseThrow();
    assertThat(largest).as("largest change of a probability with TensorFlow's pixels").isGreaterThan(1e-4);
  }

  /** The probability of {@code shirt} for each validation image, by file name, from {@code evaluation.json}. */
  private static Map<String, Double> evaluated() {
    Config evaluation = ConfigFactory.parseFile(run.resolve("evaluation.json").toFile());
    int shirt = evaluation.getStringList("labels").indexOf("shirt");
    Map<String, Double> out = new HashMap<>();
    for (Config row : evaluation.getConfigList("predictions")) {
      out.put(Path.of(row.getString("path")).getFileName().toString(),
          row.getDoubleList("probabilities").get(shirt));
    }
    return out;
  }

  /** The probability of {@code shirt} for each validation image, by file name, from {@code tl predict --json}. */
  private static Map<String, Double> predict(Path bundle) {
    String out = Tl.run("--quiet", "predict", bundle.toString(), validation.toString(), "--json", "--top-k", "2")
        .succeeded().stdout();
    Map<String, Double> probabilities = new HashMap<>();
    for (String line : out.strip().split("\n")) {
      Config row = ConfigFactory.parseString(line);
      for (Config top : row.getConfigList("top")) {
        if (top.getString("label").equals("shirt")) {
          probabilities.put(Path.of(row.getString("image")).getFileName().toString(), top.getDouble("probability"));
        }
      }
    }
    return probabilities;
  }
}
