package org.tl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JPEG decoding through {@code ./tl extract --no-pool}, as users run it: an identity ONNX network as the backbone (djl
 * backend, no preprocessing, input size = image size, so the features are the decoded pixels) over real photos in
 * every JPEG form (baseline, progressive, 4:2:0 / 4:2:2 / 4:4:4, grayscale, CMYK, YCCK, restart markers, an Adobe RGB
 * ICC profile, EXIF). By default the pixels must equal TensorFlow's {@code tf.io.decode_image(channels=3)} exactly
 * (references written by scripts/make_jpeg_fixtures.py); {@code data.jpeg-decoder = accurate} and
 * {@code data.icc = apply} must give other pixels.
 */
class JpegE2ETests {

  /** The fixtures of 97×123 pixels (the others are 67×101 and smaller: the unit tests cover them). */
  private static final List<String> FIXTURES = List.of("adobe_rgb_icc", "baseline_420", "baseline_422",
      "baseline_444", "cmyk", "grayscale", "low_q10", "progressive_420", "restarts_420", "ycck");

  @TempDir
  static Path dir;
  private static Path images;
  private static Path onnx;

  @BeforeAll
  static void writeImagesAndIdentityNetwork() throws IOException {
    images = Files.createDirectories(dir.resolve("images"));
    for (String name : FIXTURES) {
      Files.copy(fixture(name + ".jpg"), images.resolve(name + ".jpg"));
    }
    onnx = Files.write(dir.resolve("identity.onnx"), identityOnnx());
  }

  @Test
  void pixelsEqualTensorFlowsDecodeImage() throws IOException {
    float[][] rows = extract("default");
    for (int i = 0; i < FIXTURES.size(); i++) {
      float[] want = reference(FIXTURES.get(i));
      int differing = 0;
      for (int j = 0; j < want.length; j++) {
        differing += rows[i][j] == want[j] ? 0 : 1;
      }
      assertThat(differing).as("values of %s differing from TensorFlow's", FIXTURES.get(i)).isZero();
    }
  }

  @Test
  void accurateDecoderAndAppliedProfilesGiveOtherPixels() throws IOException {
    float[][] accurate = extract("accurate", "--set", "data.jpeg-decoder=accurate");
    float[][] applied = extract("icc", "--set", "data.icc=apply");
    for (int i = 0; i < FIXTURES.size(); i++) {
      float[] want = reference(FIXTURES.get(i));
      assertThat(maxDifference(accurate[i], want)).as("accurate IDCT, %s", FIXTURES.get(i)).isBetween(1f, 20f);
      float iccDifference = maxDifference(applied[i], want);
      if (FIXTURES.get(i).equals("adobe_rgb_icc")) {
        assertThat(iccDifference).as("Adobe RGB converted to sRGB").isGreaterThan(20f);
      } else {
        assertThat(iccDifference).as("no profile in %s: nothing to apply", FIXTURES.get(i)).isZero();
      }
    }
  }

  @Test
  void anUnknownDecoderIsAOneLineError() {
    Tl.Result r = Tl.run("extract", "--images", images.toString(), "--out", dir.resolve("x.npy").toString(),
        "--set", "data.jpeg-decoder=fast").exited(2);
    assertThat(r.errorLines()).anySatisfy(line -> assertThat(line).startsWith("error:")
        .contains("data.jpeg-decoder").contains("tensorflow"));
  }

  /** The rows {@code tl extract --no-pool} writes through the identity network, one per fixture, in file order. */
  private static float[][] extract(String name, String... settings) throws IOException {
    Path out = dir.resolve(name + ".npy");
    List<String> args = new ArrayList<>(List.of("extract", "--no-pool", "--images", images.toString(), "--out",
        out.toString(), "--set", "backend.id=djl", "--set", "backbone.id=onnx", "--set",
        "backbone.options.path=" + onnx, "--set", "backbone.options.layout=nhwc", "--set",
        "backbone.options.preprocessing=none", "--set", "backbone.input-size=[97,123]", "--set",
        "backbone.weights=none"));
    args.addAll(List.of(settings));
    Tl.run(args.toArray(String[]::new)).succeeded();
    List<String> paths = Files.readAllLines(dir.resolve(name + ".txt"));
    assertThat(paths).hasSize(FIXTURES.size());
    for (int i = 0; i < FIXTURES.size(); i++) {
      assertThat(paths.get(i)).endsWith(FIXTURES.get(i) + ".jpg");
    }
    return npy(out, 97 * 123 * 3);
  }

  private static float maxDifference(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static Path fixture(String name) {
    return Tl.checkout().resolve("tl-core/src/test/resources/jpeg").resolve(name);
  }

  /** TensorFlow's pixels of one fixture, as interleaved RGB. */
  private static float[] reference(String name) throws IOException {
    BufferedImage png = ImageIO.read(fixture(name + ".png").toFile());
    float[] out = new float[png.getHeight() * png.getWidth() * 3];
    for (int y = 0, o = 0; y < png.getHeight(); y++) {
      for (int x = 0; x < png.getWidth(); x++) {
        int rgb = png.getRGB(x, y);
        out[o++] = (rgb >> 16) & 0xff;
        out[o++] = (rgb >> 8) & 0xff;
        out[o++] = rgb & 0xff;
      }
    }
    return out;
  }

  /** A float32 .npy file's rows of {@code rowLength} values. */
  private static float[][] npy(Path file, int rowLength) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = b.getShort(8) & 0xffff;
    String header = new String(b.array(), 10, headerLength, StandardCharsets.US_ASCII);
    assertThat(header).contains("'descr': '<f4'");
    Matcher shape = Pattern.compile("'shape': \\((\\d+),").matcher(header);
    assertThat(shape.find()).as(header).isTrue();
    int rows = Integer.parseInt(shape.group(1));
    assertThat(b.capacity() - 10 - headerLength).isEqualTo(rows * rowLength * 4);
    b.position(10 + headerLength);
    float[][] out = new float[rows][rowLength];
    for (float[] row : out) {
      b.asFloatBuffer().get(row);
      b.position(b.position() + rowLength * 4);
    }
    return out;
  }

  /** An ONNX model whose output is its input: float32 [N, H, W, 3] → Identity → the same. */
  private static byte[] identityOnnx() {
    byte[] dims = concat(field(1, field(2, "N")), field(1, field(2, "H")), field(1, field(2, "W")),
        field(1, varintField(1, 3)));
    byte[] type = field(1, concat(varintField(1, 1), field(2, dims)));
    byte[] graph = concat(field(1, concat(field(1, "x"), field(2, "y"), field(3, "identity"), field(4, "Identity"))),
        field(2, "identity"), field(11, concat(field(1, "x"), field(2, type))),
        field(12, concat(field(1, "y"), field(2, type))));
    return concat(varintField(1, 7), field(7, graph), field(8, varintField(2, 13)));
  }

  private static byte[] field(int number, String value) {
    return field(number, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A length-delimited protobuf field. */
  private static byte[] field(int number, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    varint(out, (number << 3) | 2);
    varint(out, value.length);
    out.writeBytes(value);
    return out.toByteArray();
  }

  private static byte[] varintField(int number, long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    varint(out, number << 3);
    varint(out, value);
    return out.toByteArray();
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) (value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
