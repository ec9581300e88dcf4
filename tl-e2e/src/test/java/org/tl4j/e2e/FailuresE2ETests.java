package org.tl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure policy through {@code ./tl} (docs/ARCHITECTURE.md, "Failure policy"): each kind of failure ends as one
 * {@code error: } line that names the file, key or setting, with the documented exit code, and leaves nothing
 * half-made; what is skipped says so in a warning.
 */
class FailuresE2ETests {
  private static final Path QUICKSTART = Tl.checkout().resolve("config/fashion2.conf");

  @TempDir
  Path tmp;

  @Test
  void aMalformedSetKeyIsAUsageError() {
    Tl.Result r = Tl.run("config", QUICKSTART.toString(), "--set", "trainer..epochs=3").exited(2);
    assertThat(oneErrorLine(r)).contains("`trainer..epochs` is not a key");
  }

  @Test
  void outOfMemoryNamesTheSettingAndLeavesNoRunFolder() throws IOException {
    Path runs = tmp.resolve("runs");
    Tl.Result heap = Tl.in(Tl.checkout()).env("TL_JAVA_OPTS", "-Xmx10m -Dorg.bytedeco.javacpp.maxPhysicalBytes=0")
        .run("train", QUICKSTART.toString(), "-q", "--set", "output.dir=" + runs).exited(1);
    assertThat(oneErrorLine(heap)).startsWith("error: out of memory").contains("TL_JAVA_OPTS=-Xmx")
        .contains("data.batch-size");
    assertTraceLogged(heap);

    Tl.Result natives = Tl.in(Tl.checkout()).env("TL_JAVA_OPTS", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=50m")
        .run("train", QUICKSTART.toString(), "--quiet", "--set", "output.dir=" + runs).exited(1);
    assertThat(oneErrorLine(natives)).startsWith("error: out of memory")
        .contains("TL_JAVA_OPTS=-Dorg.bytedeco.javacpp.maxPhysicalBytes=");
    assertTraceLogged(natives);
    assertThat(entries(runs)).as("no half-made run folder").isEmpty();
  }

  @Test
  void weightsThatAreNotKerasNameTheFileAndLeaveNoRunFolder() throws IOException {
    Path notKeras = tmp.resolve("not-keras.h5");
    Files.copy(Path.of("src/test/resources/failures/not-keras.h5"), notKeras);
    Path runs = tmp.resolve("runs");
    Tl.Result r = Tl.in(Tl.checkout()).env("TL_JAVA_OPTS", "--add-modules org.apache.commons.lang3")
        .run("train", QUICKSTART.toString(), "-q", "--set", "backbone.weights=" + notKeras,
            "--set", "output.dir=" + runs).exited(1);
    assertThat(oneErrorLine(r)).contains(notKeras.toString()).contains("not a Keras weight file");
    assertThat(entries(runs)).as("no half-made run folder").isEmpty();
  }

  @Test
  void aSymlinkLoopInAnImageFolderIsSkippedWithAWarning() throws IOException {
    Path images = Files.createDirectories(tmp.resolve("images/shirt"));
    try (Stream<Path> pngs = Files.list(Tl.checkout().resolve("data/fashion2/validation/shirt"))) {
      for (Path png : pngs.sorted().limit(3).toList()) {
        Files.copy(png, images.resolve(png.getFileName()));
      }
    }
    Files.createSymbolicLink(images.resolve("loop"), images.getParent());
    Path out = tmp.resolve("features.npy");
    Tl.Result r = Tl.run("extract", QUICKSTART.toString(), "--images", tmp.resolve("images").toString(),
        "--out", out.toString(), "--quiet").succeeded();
    assertThat(r.stderr()).containsIgnoringCase("warn").contains(images.resolve("loop") + " is a link to a folder"
        + " that holds it (a loop); skipped");
    assertThat(out).isNotEmptyFile();
  }

  @Test
  void aMissingPlainIncludeWarnsAndARequiredOneIsAnError() throws IOException {
    Path conf = tmp.resolve("run.conf");
    Files.writeString(conf, "include \"" + QUICKSTART + "\"\ninclude \"shared-settings.conf\"\n");
    Tl.Result r = Tl.in(tmp).run("config", conf.toString()).succeeded();
    assertThat(r.stderr()).contains("warning: " + conf + ": include \"shared-settings.conf\" found nothing");
    assertThat(r.stdout()).contains("tl4j.backbone.alpha = 0.35");

    Files.writeString(conf, "include required(\"shared-settings.conf\")\n");
    assertThat(oneErrorLine(Tl.in(tmp).run("config", conf.toString()).exited(2))).contains("shared-settings.conf");
  }

  @Test
  void daemonStatusRefusesASocketFolderOthersCanWriteTo() throws IOException {
    Path folder = Files.createDirectory(tmp.resolve("daemons"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    Tl.Result r = Tl.in(tmp).env("TL_DAEMON_DIR", folder.toString()).run("daemon", "status").exited(1);
    assertThat(oneErrorLine(r)).contains(folder + " has mode rwxrwxrwx");
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void damagedOrMisshapenDatasetArchivesNameTheArchive() throws Exception {
    byte[] noTopFolder = tgz(entry("roses/a.jpg", '0', "not really a jpeg".getBytes(StandardCharsets.UTF_8)));
    byte[] bogusLongName = tgz(header("././@LongLink", 'L', 8L << 30));
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestURI().getPath().contains("long") ? bogusLongName : noTopFolder;
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Path data = tmp.resolve("data");
      Tl.Result flat = Tl.in(tmp).run("data", "fetch", "flowers", "--dir", data.toString(), "--url",
          base + "/flat/flower_photos.tgz", "-q").exited(1);
      assertThat(oneErrorLine(flat)).contains("flower_photos.tgz").contains("does not hold the folder flower_photos/")
          .contains("roses");
      Tl.Result longName = Tl.in(tmp).run("data", "fetch", "flowers", "--dir", tmp.resolve("data2").toString(),
          "--url", base + "/long/flower_photos.tgz", "-q").exited(1);
      assertThat(oneErrorLine(longName)).contains("flower_photos.tgz").contains("long-name header claims 8589934592");
      assertThat(data.resolve("flowers/flower_photos")).doesNotExist();
    } finally {
      server.stop(0);
    }
  }

  /** The one line tl4j wrote on stderr, apart from TensorFlow's and jHDF's own lines (G1 item 8); no stack trace. */
  static String oneErrorLine(Tl.Result r) {
    List<String> lines = r.errorLines().stream()
        .filter(l -> !l.startsWith("WARNING: All log messages before absl::InitializeLog()"))
        .filter(l -> !l.matches("^[IWE]\\d{4} .*"))
        .filter(l -> !l.endsWith("WARN io.jhdf.HdfFile - Using development version of jHDF"))
        .toList();
    assertThat(lines).as("stderr of tl %s", r.command()).singleElement().asString().startsWith("error: ");
    return lines.get(0);
  }

  private static void assertTraceLogged(Tl.Result r) throws IOException {
    String line = oneErrorLine(r);
    assertThat(line).containsPattern("\\(trace: .*tl-error-.*\\.log\\)$");
    Path log = Path.of(line.substring(line.lastIndexOf("(trace: ") + 8, line.length() - 1));
    try {
      // (the JVM may throw a preallocated OutOfMemoryError, which has no stack frames)
      assertThat(Files.readString(log)).contains("tl train ").contains("java.lang.OutOfMemoryError");
    } finally {
      Files.deleteIfExists(log);
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

  private static byte[] tgz(byte[]... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      for (byte[] e : entries) {
        gz.write(e);
      }
      gz.write(new byte[1024]);
    }
    return bytes.toByteArray();
  }

  private static byte[] entry(String name, char type, byte[] body) {
    byte[] h = header(name, type, body.length);
    byte[] out = new byte[h.length + (body.length + 511) / 512 * 512];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(body, 0, out, h.length, body.length);
    return out;
  }

  /** A ustar header; the size field is octal, as tar writes it (11 digits hold up to 8 GiB - 1, 12 more). */
  private static byte[] header(String name, char type, long size) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, "00000000000");
    h[156] = (byte) type;
    put(h, 257, "ustar");
    put(h, 263, "00");
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    return h;
  }

  private static void put(byte[] h, int offset, String text) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, offset, b.length);
  }
}
