package org.tl4j.core.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Writes small test images with ImageIO, and hand-made broken files. */
final class TestImages {
    private TestImages() {
    }

    /** A colourful RGB image whose pixels depend on position and {@code seed}. */
    static BufferedImage rgb(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 37 + seed * 11) & 0xff;
                int g = (y * 53 + seed * 29) & 0xff;
                int b = ((x + y) * 17 + seed * 7) & 0xff;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    static Path write(BufferedImage img, String format, Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format + " / " + img.getType());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeBytes(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG signature and an IHDR chunk (with a correct CRC) claiming {@code w × h}, an empty IDAT and IEND. */
    static byte[] pngHeader(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(b, "IHDR", ihdr.array());
        chunk(b, "IDAT", new byte[0]);
        chunk(b, "IEND", new byte[0]);
        return b.array();
    }

    private static void chunk(ByteBuffer b, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        b.putInt(data.length).put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt((int) crc.getValue());
    }

    /** A class-folder dataset: {@code counts[i]} PNGs of 8×8 in folder {@code names[i]}. */
    static Path dataset(Path root, String[] names, int[] counts) {
        for (int c = 0; c < names.length; c++) {
            for (int i = 0; i < counts[c]; i++) {
                write(rgb(8, 8, c * 100 + i), "png", root.resolve(names[c]).resolve(String.format("img%03d.png", i)));
            }
        }
        return root;
    }
}
