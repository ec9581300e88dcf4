package org.tl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every command through {@code ./tl}, one JVM per command as a user runs them, on the quickstart data: one short
 * training run on tensorflow is shared by the commands that read a model (evaluate, predict, export, weights), and
 * one on djl checks the run folder's files. Each test asserts what the command wrote, not only its exit code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandsE2ETests {

  private static final String QUICKSTART = "config/fashion2.conf";
  private static final Pattern RUN_FOLDER = Pattern.compile("(?m)^run folder: (.+)$");
  private static final Pattern ACCURACY = Pattern.compile("accuracy (\\d\\.\\d{4})");

  private Path tmp;
  private Tl.Result train;
  private Path run;

  @BeforeAll
  void trainOnce() throws IOException {
    tmp = Files.createTempDirectory("tl-e2e-commands-");
    train = Tl.run("--quiet", "train", QUICKSTART, "--set", "output.dir=" + tmp.resolve("runs"),
        "--set", "trainer.epochs=2").succeeded();
    run = runFolder(train);
  }

  @AfterAll
  void deleteTemporaryFiles() throws IOException {
    try (Stream<Path> files = Files.walk(tmp)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** {@code --quiet} means quiet: no TensorFlow start-up lines, no progress frames when stderr is a file. */
  @Test
  void trainOnTensorflowWritesAModelAndNothingButResultsWhenQuiet() {
    assertThat(run.resolve("model/manifest.json")).isRegularFile();
    assertThat(run.resolve("model/model.safetensors")).isRegularFile();
    assertThat(train.stdout()).containsPattern("validation: accuracy \\d\\.\\d{4}");
    assertThat(train.stderr()).doesNotContain("absl::InitializeLog", "mlir_graph_optimization_pass",
        "oneDNN", "cpu_feature_guard", "Onnx extension", "\r");
  }

  /**
   * djl: the report counts the images used as the evaluation does (a bad image is skipped, not counted as training),
   * metrics files use Keras's snake_case names, and neither config.conf nor the manifest holds a path of this machine.
   */
  @Test
  void trainOnDjlWritesPortableRunFiles() throws IOException {
    Path train = tmp.resolve("djl-train");
    copyTree(Tl.checkout().resolve("data/fashion2/train"), train);
    Files.writeString(train.resolve("shirt/broken.png"), "not a png");
    Tl.Result r = Tl.run("train", QUICKSTART, "--set", "backend.id=djl", "--set", "trainer.epochs=1",
        "--set", "data.train=" + train, "--set", "output.dir=" + tmp.resolve("runs-djl")).succeeded();
    Path djl = runFolder(r);
    assertThat(r.stderr()).doesNotContain("\r");
    assertThat(Files.readString(djl.resolve("report.html")))
        .contains("300 training, 200 validation, 1 skipped");
    assertThat(Files.readString(djl.resolve("metrics.jsonl")))
        .contains("\"val_loss\"", "\"val_accuracy\"", "\"learning_rate\"").doesNotContain("valLoss");
    assertThat(Files.readAllLines(djl.resolve("metrics.csv")).get(0)).contains("val_loss");
    String manifest = Files.readString(djl.resolve("model/manifest.json"));
    assertThat(manifest).contains("tl-api-").doesNotContain("file:", Tl.checkout().toString());
    assertThat(Files.readString(djl.resolve("config.conf"))).doesNotContain("file:", Tl.checkout().toString());
  }

  @Test
  void evaluateReportsAccuracyOnTheValidationImages() {
    Tl.Result r = Tl.run("evaluate", run.toString(), "data/fashion2/validation").succeeded();
    assertThat(r.stdout()).startsWith("200 images: accuracy ");
    double accuracy = Double.parseDouble(find(ACCURACY, r.stdout()));
    assertThat(accuracy).as("two epochs of a head on a pretrained base").isBetween(0.6, 1.0);
  }

  @Test
  void predictClassifiesOneImage() {
    String image = "data/fashion2/validation/shirt/test-00004.png";
    Tl.Result r = Tl.run("predict", run.resolve("model").toString(), image).succeeded();
    assertThat(r.stdout()).containsPattern(Pattern.quote(image) + ":\\s+(shirt|t-shirt) \\d\\.\\d{4}\\s+(shirt|t-shirt)");
  }

  @Test
  void extractWritesOneFeatureRowPerImage() throws IOException {
    Path npy = tmp.resolve("features.npy");
    Tl.run("extract", QUICKSTART, "--images", "data/fashion2/validation", "--out", npy.toString()).succeeded();
    String header = new String(Files.readAllBytes(npy), 0, 128, StandardCharsets.ISO_8859_1);
    assertThat(header).startsWith("\u0093NUMPY").contains("'descr': '<f4'").contains("'shape': (200, 1280)");
    assertThat(Files.readAllLines(tmp.resolve("features.txt"))).hasSize(200).contains("shirt/test-00004.png");
  }

  @Test
  void exportWritesASavedModelAndAnOnnxFileReadableByOthers() throws IOException {
    Path savedModel = tmp.resolve("savedmodel");
    Tl.run("export", run.toString(), "--format", "savedmodel", "--out", savedModel.toString()).succeeded();
    assertThat(savedModel.resolve("saved_model.pb")).isRegularFile();
    assertThat(savedModel.resolve("variables")).isDirectory();

    Path onnx = tmp.resolve("model.onnx");
    Tl.run("export", run.toString(), "--format", "onnx", "--out", onnx.toString()).succeeded();
    assertThat(Files.size(onnx)).isGreaterThan(100_000);
    Path plain = Files.writeString(tmp.resolve("plain.txt"), "a file as the umask makes it");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(onnx)))
        .as("the export's permissions are those of any file written here")
        .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)));
  }

  @Test
  void describeListsTheLayersOfABackbone() {
    Tl.Result r = Tl.run("describe", "mobilenet_v2", "--alpha", "0.35", "--input", "32").succeeded();
    assertThat(r.stdout()).contains("block_16_project", "out_relu", "Layers: 154", "Total params: 410,208");
  }

  /** export-base writes the trained base; verify loads it; where finds it in the cache it is told about. */
  @Test
  void weightsExportBaseVerifyAndWhere() throws IOException {
    Path base = tmp.resolve("base.safetensors");
    Tl.run("weights", "export-base", run.toString(), base.toString()).succeeded();
    assertThat(Files.size(base)).isGreaterThan(1_000_000);
    Tl.Result verify = Tl.run("weights", "verify", "mobilenet_v2", "--alpha", "0.35", "--input", "32",
        "--file", base.toString()).succeeded();
    assertThat(verify.stdout()).contains("loads ok", "260 arrays");

    Path cache = Files.createDirectories(tmp.resolve("weights-cache"));
    String[] where = {"weights", "where", "mobilenet_v2", "--alpha", "0.35", "--input", "96",
        "--set", "backbone.cache-dir=" + cache, "--set", "backbone.keras-cache-dir=" + cache};
    Tl.Result missing = Tl.run(where).exited(1);
    String file = find(Pattern.compile("(?m)^file\\s+(\\S+)$"), missing.stdout());
    assertThat(file).isEqualTo("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5");
    Files.copy(base, cache.resolve(file));
    assertThat(Tl.run(where).succeeded().stdout()).containsPattern("(?m)^found\\s+.*" + Pattern.quote(file));
  }

  @Test
  void configShowsResolvedValuesWithTheirOrigins() {
    Tl.Result r = Tl.run("config", QUICKSTART, "--set", "trainer.epochs=3").succeeded();
    assertThat(r.stdout()).contains("config/fashion2.conf", "--set trainer.epochs=3", "alpha");
    Tl.Result typo = Tl.run("config", QUICKSTART, "--set", "trainer.epoch=3").exited(2);
    assertThat(typo.stderr()).contains("error: ", "trainer.epoch", "epochs");
  }

  /** A misspelt provider option stops the run before any work, with the nearest declared key (G1 item 6). */
  @Test
  void misspeltProviderOptionsAreUsageErrors() {
    Path plugins = Tl.checkout().resolve("tl-examples-plugin/target/plugins");
    assertThat(plugins).isDirectory();
    Tl.Result plugin = Tl.run("--plugins", plugins.toString(), "config", "config/plugin-tinynet.conf",
        "--set", "backbone.options.filterz=3").exited(2);
    assertThat(plugin.stderr()).contains("tl4j.backbone.options.filterz", "tinynet", "did you mean `filters`?");
    Tl.Result backend = Tl.run("train", QUICKSTART, "--set", "backend.id=djl",
        "--set", "backend.options.batch-sise=8", "--set", "output.dir=" + tmp.resolve("never")).exited(2);
    assertThat(backend.stderr()).contains("tl4j.backend.options.batch-sise", "did you mean `batch-size`?");
    assertThat(tmp.resolve("never")).doesNotExist();
  }

  @Test
  void listAndDoctor() {
    assertThat(Tl.run("list").succeeded().stdout())
        .contains("mobilenet_v2", "resnet50", "vgg16", "onnx", "linear", "feature-extraction", "tensorflow", "djl");
    Tl.Result doctor = Tl.run("doctor").succeeded();
    assertThat(doctor.stdout()).containsPattern("(?m)^backend\\s+tensorflow .*ok")
        .containsPattern("(?m)^backend\\s+djl .*ok");
    assertThat(doctor.stdout() + doctor.stderr()).doesNotContain("absl::InitializeLog", "mlir_graph");
  }

  /** data fetch downloads an archive (here from a loopback server), unpacks it once, and names a dataset on failure. */
  @Test
  void dataFetchDownloadsAndUnpacksADataset() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("flower_photos/daisy/1.png", Files.readAllBytes(
        Tl.checkout().resolve("data/fashion2/validation/shirt/test-00004.png")));
    files.put("flower_photos/roses/2.txt", "two".getBytes(StandardCharsets.UTF_8));
    byte[] archive = tgz(files);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/flower_photos.tgz", exchange -> {
      exchange.sendResponseHeaders(200, archive.length);
      exchange.getResponseBody().write(archive);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/flower_photos.tgz";
      Path data = tmp.resolve("data");
      Tl.Result r = Tl.run("data", "fetch", "flowers", "--url", url, "--dir", data.toString()).succeeded();
      assertThat(r.stdout()).contains("flower_photos (2 files)");
      assertThat(data.resolve("flowers/flower_photos/daisy/1.png")).hasBinaryContent(files.get(
          "flower_photos/daisy/1.png"));
      assertThat(data.resolve("flowers/flower_photos/roses/2.txt")).hasContent("two");

      Tl.Result missing = Tl.run("data", "fetch", "flowers", "--dir", tmp.resolve("other").toString(),
          "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/missing.tgz").exited(1);
      assertThat(missing.stderr()).contains("dataset 'flowers' could not be downloaded", "HTTP 404")
          .doesNotContain("weights");
    } finally {
      server.stop(0);
    }
  }

  private static Path runFolder(Tl.Result r) {
    return Path.of(find(RUN_FOLDER, r.stdout()).trim());
  }

  private static String find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s in:%n%s", p, text).isTrue();
    return m.group(1);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(p -> {
        try {
          Files.copy(p, to.resolve(from.relativize(p).toString()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /** A gzipped ustar archive of regular files, as {@code tar czf} writes it. */
  private static byte[] tgz(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        byte[] data = f.getValue();
        byte[] h = new byte[512];
        put(h, 0, f.getKey());
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", data.length));
        put(h, 136, String.format("%011o", 0));
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        int sum = 0;
        for (byte b : h) {
          sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        gz.write(h);
        gz.write(data);
        gz.write(new byte[(512 - data.length % 512) % 512]);
      }
      gz.write(new byte[1024]);
    }
    return bytes.toByteArray();
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, header, offset, b.length);
  }
}
