package org.tl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.core.run.HtmlReport;

/**
 * The run report and TensorBoard files of {@code tl train}: the quickstart with {@code output.tensorboard = true}, its
 * images given as CSV lists in which t-shirt is renamed {@code <script>alert(1)</script>} (a name no folder can have),
 * so that the label reaches every part of the report.
 */
class ReportE2ETests {
  private static final String EVIL = "<script>alert(1)</script>";

  @TempDir
  Path dir;

  @Test
  void quickstartReportHasEverySectionStaysSmallEscapesLabelsAndTensorBoardFilesMatchTheMetrics() throws IOException {
    Path root = Tl.checkout();
    Path train = list("train", root.resolve("data/fashion2/train"));
    Path validation = list("validation", root.resolve("data/fashion2/validation"));
    Path runs = dir.resolve("runs");
    Tl.run("--quiet", "train", "config/fashion2.conf", "--set", "data.train=" + train, "--set",
        "data.validation=" + validation, "--set", "output.dir=" + runs, "--set", "output.tensorboard=true")
        .succeeded();
    Path run;
    try (Stream<Path> s = Files.list(runs)) {
      run = s.findFirst().orElseThrow();
    }
    String html = Files.readString(run.resolve("report.html"));
    for (String id : HtmlReport.SECTIONS) {
      assertThat(html).contains(" id=\"" + id + "\"");
    }
    assertThat(Files.size(run.resolve("report.html"))).as("the quickstart's report size").isLessThanOrEqualTo(500_000);
    assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("→ predicted &lt;script&gt;alert(1)&lt;/script&gt;").contains("listing SHA-256");
    assertThat(html.split("<img src=\"data:image/", -1).length - 1).as("thumbnails").isGreaterThanOrEqualTo(24);

    List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
    assertThat(csv).hasSize(21);
    List<float[]> trainScalars = scalars(run.resolve("tensorboard/train"), "epoch_loss", "epoch_learning_rate");
    List<float[]> valScalars = scalars(run.resolve("tensorboard/validation"), "epoch_loss", "epoch_accuracy");
    assertThat(trainScalars).hasSize(20);
    for (int e = 1; e <= 20; e++) {
      String[] row = csv.get(e).split(",");
      assertThat(trainScalars.get(e - 1)).containsExactly((float) Double.parseDouble(row[3]),
          (float) Double.parseDouble(row[2]));
      assertThat(valScalars.get(e - 1)).containsExactly((float) Double.parseDouble(row[5]),
          (float) Double.parseDouble(row[6]));
    }
  }

  /** A CSV list of a quickstart folder's images, with t-shirt renamed. */
  private Path list(String name, Path folder) throws IOException {
    StringBuilder csv = new StringBuilder("path,label\n");
    for (String label : List.of("t-shirt", "shirt")) {
      try (Stream<Path> files = Files.list(folder.resolve(label))) {
        files.sorted().forEach(f -> csv.append(f).append(',').append(label.equals("t-shirt") ? EVIL : label)
            .append('\n'));
      }
    }
    return Files.writeString(dir.resolve(name + ".csv"), csv);
  }

  /**
   * The values of {@code tags} in each epoch's record of the one event file in {@code folder}, after checking every
   * record's TFRecord framing (both masked CRC-32Cs) and that the first is the file-version record.
   */
  private static List<float[]> scalars(Path folder, String... tags) throws IOException {
    Path file;
    try (Stream<Path> s = Files.list(folder)) {
      List<Path> all = s.toList();
      assertThat(all).hasSize(1);
      file = all.get(0);
    }
    assertThat(file.getFileName().toString()).startsWith("events.out.tfevents.");
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<float[]> out = new ArrayList<>();
    boolean first = true;
    while (b.hasRemaining()) {
      byte[] length = new byte[8];
      b.get(length);
      assertThat(b.getInt()).isEqualTo(maskedCrc(length));
      byte[] data = new byte[(int) ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong()];
      b.get(data);
      assertThat(b.getInt()).isEqualTo(maskedCrc(data));
      String text = new String(data, StandardCharsets.ISO_8859_1);
      if (first) {
        assertThat(text).contains("brain.Event:2");
        first = false;
        continue;
      }
      float[] values = new float[tags.length];
      for (int i = 0; i < tags.length; i++) {
        int at = text.indexOf(tags[i] + "\u0015");
        assertThat(at).as(tags[i]).isPositive();
        values[i] = ByteBuffer.wrap(data, at + tags[i].length() + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
      }
      out.add(values);
    }
    return out;
  }

  private static int maskedCrc(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }
}
