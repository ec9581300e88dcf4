package org.tl4j.core.run;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.tl4j.core.data.BadImageException;
import org.tl4j.core.data.ImageDecoder;
import org.tl4j.core.data.RgbImage;

/**
 * Small inline images for the report: an image file decoded as training decodes it, shrunk by area averaging so that
 * its longer side is at most the given size (never enlarged), and encoded as a {@code data:} URI — PNG or JPEG,
 * whichever is smaller (PNG for drawings and small grey images, JPEG for photos), grey when all channels agree — so
 * that {@code report.html} stays one self-contained file.
 */
final class Thumbnails {
    private static final float JPEG_QUALITY = 0.85f;

    private final ImageDecoder decoder;
    private final int size;

    /** Thumbnails whose longer side is at most {@code size} pixels. */
    Thumbnails(ImageDecoder decoder, int size) {
        this.decoder = decoder;
        this.size = size;
    }

    /**
     * A thumbnail.
     *
     * @param dataUri a {@code data:image/...;base64,} URI
     * @param width   its width in pixels
     * @param height  its height in pixels
     */
    record Thumbnail(String dataUri, int width, int height) {
    }

    /** The file's thumbnail, or empty when the file cannot be read or decoded now. */
    Optional<Thumbnail> of(Path file) {
        RgbImage image;
        try {
            image = decoder.decode(file);
        } catch (BadImageException e) {
            return Optional.empty();
        }
        RgbImage small = shrink(image, size);
        return Optional.of(new Thumbnail(encode(small), small.width(), small.height()));
    }

    /** Area-averaged downscaling so that the longer side is at most {@code max}; smaller images are returned as is. */
    static RgbImage shrink(RgbImage in, int max) {
        int h = in.height();
        int w = in.width();
        double scale = Math.min(1.0, (double) max / Math.max(h, w));
        if (scale == 1.0) {
            return in;
        }
        int oh = Math.max(1, (int) Math.round(h * scale));
        int ow = Math.max(1, (int) Math.round(w * scale));
        float[] out = new float[oh * ow * 3];
        for (int oy = 0; oy < oh; oy++) {
            int y0 = oy * h / oh;
            int y1 = Math.max(y0 + 1, (oy + 1) * h / oh);
            for (int ox = 0; ox < ow; ox++) {
                int x0 = ox * w / ow;
                int x1 = Math.max(x0 + 1, (ox + 1) * w / ow);
                float[] sum = new float[3];
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        for (int c = 0; c < 3; c++) {
                            sum[c] += in.get(y, x, c);
                        }
                    }
                }
                int n = (y1 - y0) * (x1 - x0);
                for (int c = 0; c < 3; c++) {
                    out[(oy * ow + ox) * 3 + c] = sum[c] / n;
                }
            }
        }
        return RgbImage.of(oh, ow, out);
    }

    /** The smaller of a PNG and a JPEG encoding, as a data URI. */
    static String encode(RgbImage image) {
        BufferedImage b = toBuffered(image);
        byte[] png = write(b, "png");
        byte[] jpeg = write(b, "jpeg");
        return jpeg.length < png.length ? "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg)
                : "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    private static BufferedImage toBuffered(RgbImage image) {
        int h = image.height();
        int w = image.width();
        boolean grey = isGrey(image);
        BufferedImage b = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = level(image.get(y, x, 0));
                if (grey) {
                    b.getRaster().setSample(x, y, 0, r);
                } else {
                    b.setRGB(x, y, r << 16 | level(image.get(y, x, 1)) << 8 | level(image.get(y, x, 2)));
                }
            }
        }
        return b;
    }

    private static boolean isGrey(RgbImage image) {
        float[] p = image.pixels();
        for (int i = 0; i < p.length; i += 3) {
            if (level(p[i]) != level(p[i + 1]) || level(p[i]) != level(p[i + 2])) {
                return false;
            }
        }
        return true;
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    private static byte[] write(BufferedImage image, String format) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format.equals("jpeg")) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a " + format + " thumbnail in memory", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
