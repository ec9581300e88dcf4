package org.tl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tl train --baseline}: the README's quickstart with the raw-pixel baseline beside it, on both backends; the
 * console, {@code evaluation.json}, the baseline's own run folder and {@code report.html} agree on the lift.
 */
class BaselineE2ETests {

  @TempDir
  Path runs;

  @ParameterizedTest(name = "backend {0}")
  @ValueSource(strings = {"tensorflow", "djl"})
  void quickstartWithBaselineShowsBothAccuraciesAndTheLift(String backend) throws IOException {
    String out = Tl.run("train", "config/quickstart.conf", "--baseline", "--set", "backend.id=" + backend,
        "--set", "output.dir=\"" + runs + "\"").succeeded().stdout();
    double main = number(out, "^validation: accuracy (\\d\\.\\d{4}),");
    double pixels = number(out, "^baseline \\(pixels\\): accuracy (\\d\\.\\d{4}), loss [\\d.]+ on \\d+ images; ");
    double lift = number(out, "^transfer lift: ([+-]\\d+\\.\\d) points$");
    assertThat(lift).isCloseTo(100 * (main - pixels), within(0.051));
    // the quickstart is where transfer wins: its README claim (at least 10 points over pixels) at the default seed
    assertThat(lift).as("the quickstart's transfer lift on %s", backend).isGreaterThanOrEqualTo(10.0);

    Path run = onlyRunFolder();
    Config evaluation = ConfigFactory.parseFile(run.resolve("evaluation.json").toFile());
    assertThat(evaluation.getDouble("accuracy")).isCloseTo(main, within(5e-5));
    assertThat(evaluation.getString("baseline.backbone")).isEqualTo("pixels");
    assertThat(evaluation.getDouble("baseline.accuracy")).isCloseTo(pixels, within(5e-5));
    assertThat(evaluation.getDouble("baseline.liftPoints")).isCloseTo(lift, within(0.051));
    assertThat(evaluation.getInt("baseline.examples")).isEqualTo(evaluation.getInt("examples"));

    Path baseline = run.resolve(evaluation.getString("baseline.runFolder"));
    Config own = ConfigFactory.parseFile(baseline.resolve("evaluation.json").toFile());
    assertThat(own.getDouble("accuracy")).isEqualTo(evaluation.getDouble("baseline.accuracy"));
    assertThat(ConfigFactory.parseFile(baseline.resolve("model/manifest.json").toFile()).getString("backbone.id"))
        .isEqualTo("pixels");
    assertThat(Files.readString(run.resolve("report.html"))).contains("transfer lift")
        .contains(String.format(java.util.Locale.ROOT, "%+.1f points", lift));
  }

  @Test
  void aResumedRunCannotAddTheBaseline() {
    Tl.Result r = Tl.run("train", "--resume", runs.toString(), "--baseline").exited(2);
    assertThat(r.errorLines()).anyMatch(l -> l.startsWith("error: --baseline cannot be added to a resumed run"));
  }

  private Path onlyRunFolder() throws IOException {
    try (Stream<Path> dirs = Files.list(runs)) {
      return dirs.filter(Files::isDirectory).reduce((a, b) -> {
        throw new AssertionError("more than one run folder in " + runs);
      }).orElseThrow(() -> new AssertionError("no run folder in " + runs));
    }
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
    assertThat(m.find()).as("a line matching %s in%n%s", regex, text).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
