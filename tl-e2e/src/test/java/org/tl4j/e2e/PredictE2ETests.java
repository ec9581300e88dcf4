package org.tl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code tl predict MODEL DIR --out preds.csv} on a trained quickstart model, on both backends. */
class PredictE2ETests {
  private static final Path VALIDATION = Path.of("data/fashion2/validation");

  @TempDir
  static Path work;

  private static Path model;

  @BeforeAll
  static void trainTheQuickstart() throws IOException {
    Tl.run("--quiet", "train", "config/fashion2.conf", "--set", "trainer.epochs=3", "--set",
        "output.dir=\"" + work.resolve("runs") + "\"").succeeded();
    try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
      model = runs.findFirst().orElseThrow().resolve("model");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tensorflow", "djl"})
  void writesOneRowPerImageOfTheFolder(String backend) throws IOException {
    Path csv = work.resolve("preds-" + backend + ".csv");
    Tl.Result r = Tl.run("predict", model.toString(), VALIDATION.toString(), "--out", csv.toString(),
        "--backend", backend).succeeded();
    assertThat(r.stdout()).contains("wrote " + csv + " (200 images)");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("path,label,probability,label_2,probability_2");
    List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
    assertThat(rows.stream().map(row -> row[0]).collect(Collectors.toSet())).isEqualTo(imagesUnder(VALIDATION));
    for (String[] row : rows) {
      assertThat(row).hasSize(5);
      assertThat(Set.of(row[1], row[3])).containsExactlyInAnyOrder("shirt", "t-shirt");
      double p = Double.parseDouble(row[2]);
      assertThat(p).isBetween(0.5, 1.0).isCloseTo(1 - Double.parseDouble(row[4]), org.assertj.core.data.Offset
          .offset(1e-5));
    }
    long right = rows.stream().filter(row -> row[0].contains("/" + row[1] + "/")).count();
    assertThat(right).as("images whose folder is the predicted label").isGreaterThan(140);
  }

  @Test
  void aBadFileIsListedAndTheOthersArePredicted() throws IOException {
    Path dir = work.resolve("mixed/nested");
    Files.createDirectories(dir);
    Files.copy(Tl.checkout().resolve(VALIDATION).resolve("shirt/test-00004.png"), dir.resolve("a.png"));
    Files.writeString(dir.resolve("b.png"), "not a picture");
    Path csv = work.resolve("mixed.csv");
    Tl.Result r = Tl.run("predict", model.toString(), work.resolve("mixed").toString(), "--out", csv.toString())
        .exited(1);
    assertThat(r.stderr()).contains("warning: skipped " + dir.resolve("b.png")
        + ": not a JPEG, PNG, BMP or GIF image");
    assertThat(Files.readAllLines(csv)).hasSize(2).last().asString().startsWith(dir.resolve("a.png") + ",");
    Tl.Result again = Tl.run("predict", model.toString(), dir.toString(), "--out", csv.toString());
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.stderr()).contains("error: --out " + csv + " exists; add --force to replace it");
    assertThat(Files.readAllLines(csv)).as("kept").hasSize(2);
  }

  private static Set<String> imagesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(Tl.checkout().resolve(dir))) {
      return files.filter(f -> f.toString().endsWith(".png"))
          .map(f -> dir.resolve(Tl.checkout().resolve(dir).relativize(f)).toString()).collect(Collectors.toSet());
    }
  }
}
