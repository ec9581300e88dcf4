package org.tl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A little-endian float32 NumPy array ({@code .npy} versions 1 to 3), as tl extract and NumPy write it. */
record Npy(int[] shape, float[] data) {
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  static Npy read(Path file) {
    try {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      b.position(6);
      int major = b.get();
      b.get();
      int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
      byte[] header = new byte[headerLength];
      b.get(header);
      String h = new String(header, StandardCharsets.ISO_8859_1);
      assertThat(h).as("header of %s", file).contains("'descr': '<f4'", "'fortran_order': False");
      Matcher m = SHAPE.matcher(h);
      assertThat(m.find()).as("shape in the header of %s", file).isTrue();
      int[] shape = Arrays.stream(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
          .mapToInt(Integer::parseInt).toArray();
      float[] data = new float[b.remaining() / Float.BYTES];
      b.asFloatBuffer().get(data);
      assertThat(data.length).as("values in %s", file).isEqualTo(Arrays.stream(shape).reduce(1, (x, y) -> x * y));
      return new Npy(shape, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The largest absolute value. */
  double maxAbs() {
    double max = 0;
    for (float v : data) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  /** The largest absolute difference from {@code other}, an array of the same shape. */
  double maxAbsDifference(Npy other) {
    assertThat(other.shape).as("shape").containsExactly(shape);
    double max = 0;
    for (int i = 0; i < data.length; i++) {
      max = Math.max(max, Math.abs(data[i] - other.data[i]));
    }
    return max;
  }
}
