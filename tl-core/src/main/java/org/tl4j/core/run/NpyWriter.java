package org.tl4j.core.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes float32 arrays as NumPy {@code .npy} files (format 1.0, little-endian, C order). */
public final class NpyWriter {
    private NpyWriter() {
    }

    /** The header bytes for a float32 array of the given shape. */
    public static byte[] header(int... shape) {
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? "," : "")
                + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padded = (unpadded + 63) / 64 * 64;
        StringBuilder sb = new StringBuilder(dict);
        sb.append(" ".repeat(padded - unpadded)).append('\n');
        byte[] text = sb.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) text.length).put(text);
        return b.array();
    }

    /** Writes {@code data} with {@code shape} to {@code file} (replacing it). */
    public static void write(Path file, float[] data, int... shape) throws IOException {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                    + data.length);
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(header(shape));
            ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : data) {
                if (!b.hasRemaining()) {
                    out.write(b.array(), 0, b.position());
                    b.clear();
                }
                b.putFloat(v);
            }
            out.write(b.array(), 0, b.position());
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
