package org.tl4j.core.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.tl4j.api.config.IccProfiles;
import org.tl4j.api.config.JpegDecoding;

/**
 * Decodes JPEG, PNG, BMP and GIF files to {@link RgbImage}s with the same values TensorFlow's
 * {@code tf.io.decode_image(channels=3)} gives: grayscale is replicated to three channels, alpha is dropped (not
 * composited), palettes are looked up, 16-bit samples keep their high byte, embedded colour profiles are ignored
 * (unless {@link IccProfiles#APPLY}). GIFs give their first frame; EXIF orientation is ignored (as Keras does).
 *
 * <p>JPEGs go to {@link JpegDecoder} by default ({@link JpegDecoding#TENSORFLOW}): TensorFlow's pixels bit for bit,
 * CMYK and YCCK included. Those it does not handle (arithmetic coding, 12-bit, lossless), and all JPEGs with
 * {@link JpegDecoding#ACCURATE}, go to ImageIO: plain ones (one or three components, no Adobe marker, and no ICC
 * profile where profiles are applied) straight to the JDK's own reader, which TwelveMonkeys' reader would hand them
 * to anyway (less CPU and JIT time), every other one to the registered readers (TwelveMonkeys first, which applies
 * ICC profiles and converts CMYK).
 *
 * <p>The image size is read from the header before any pixel is decoded, so a file claiming a huge size is refused
 * cheaply. Truncated JPEGs, which ImageIO would pad with grey and merely warn about, are refused like TensorFlow does.
 * Thread-safe: each call uses its own reader.
 */
public final class ImageDecoder {
    /** The default limit on pixels per image: 50 megapixels (Pillow's decompression-bomb warning is at 89). */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    private static final ImageReaderSpi JDK_JPEG = jdkJpeg();
    private static final byte[] ICC_TAG = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final long maxPixels;
    private final JpegDecoding jpeg;
    private final IccProfiles icc;

    /**
     * A decoder that refuses images of more than {@code maxPixels} pixels, decodes JPEGs with {@code jpeg} and
     * treats embedded ICC profiles as {@code icc} says.
     */
    public ImageDecoder(long maxPixels, JpegDecoding jpeg, IccProfiles icc) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
        this.jpeg = jpeg;
        this.icc = icc;
    }

    /** A decoder that refuses images of more than {@code maxPixels} pixels, with TensorFlow's JPEG pixels. */
    public ImageDecoder(long maxPixels) {
        this(maxPixels, JpegDecoding.TENSORFLOW, IccProfiles.IGNORE);
    }

    /** A decoder with {@link #DEFAULT_MAX_PIXELS} and TensorFlow's JPEG pixels. */
    public ImageDecoder() {
        this(DEFAULT_MAX_PIXELS);
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** What decides the pixels besides the file, for the feature cache's namespace: e.g. {@code jpeg=tensorflow}. */
    public String id() {
        return "jpeg=" + jpeg.id() + ",icc=" + icc.id();
    }

    /** Reads and decodes a file; throws {@link BadImageException} naming the file and the reason. */
    public RgbImage decode(Path file) {
        return decode(file, readBytes(file));
    }

    /** Reads a whole file, failing with a {@link BadImageException} when it cannot be read or is empty. */
    public static byte[] readBytes(Path file) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw bad(file, "cannot read: it is a directory", null);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw bad(file, "cannot read: file not found", e);
        } catch (AccessDeniedException e) {
            throw bad(file, "cannot read: permission denied", e);
        } catch (IOException e) {
            throw bad(file, "cannot read: " + describe(e), e);
        }
        if (bytes.length == 0) {
            throw bad(file, "empty file (0 bytes)", null);
        }
        return bytes;
    }

    /** Decodes bytes already read from {@code file} (used in messages only). */
    public RgbImage decode(Path file, byte[] bytes) {
        return decode(file, bytes, RgbRows::toImage);
    }

    /**
     * Decodes bytes already read from {@code file} and hands the rows to {@code use} (e.g. {@link Resize}, which
     * reads only the rows it needs, without a full-resolution float copy); a failure while reading the rows makes
     * the file a bad image too.
     */
    <T> T decode(Path file, byte[] bytes, Function<RgbRows, T> use) {
        if (bytes.length == 0) {
            throw bad(file, "empty file (0 bytes)", null);
        }
        boolean applyIcc = icc == IccProfiles.APPLY;
        if (jpeg == JpegDecoding.TENSORFLOW && !(applyIcc && hasIccProfile(bytes)) && isJpeg(bytes)) {
            try {
                return use.apply(JpegDecoder.decode(bytes, (w, h) -> checkSize(file, w, h)));
            } catch (JpegDecoder.Corrupt e) {
                throw bad(file, "corrupt or truncated JPEG: " + e.getMessage(), null);
            } catch (JpegDecoder.Unsupported e) {
                // not one it decodes (arithmetic coding, 12-bit samples, ...): ImageIO tries it below
            }
        }
        if (!applyIcc && hasIccProfile(bytes)) {
            bytes = withoutIccProfile(bytes);   // the JDK's reader would convert the samples from the profile
        }
        if (JDK_JPEG != null && isPlainJpeg(bytes)) {
            try (ImageInputStream in = stream(bytes)) {
                return decode(file, in, JDK_JPEG.createReaderInstance(), use);
            } catch (BadImageException e) {
                throw e;
            } catch (IOException | RuntimeException | LinkageError e) {
                // not one the JDK's reader decodes (CMYK, YCCK, odd metadata): the registered readers try it below
            }
        }
        try (ImageInputStream in = stream(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw bad(file, "not a JPEG, PNG, BMP or GIF image (starts with " + signature(bytes) + ")", null);
            }
            return decode(file, in, readers.next(), use);
        } catch (BadImageException e) {
            throw e;
        } catch (IOException | RuntimeException | LinkageError e) {
            throw bad(file, "corrupt or truncated " + format(bytes) + ": " + describe(e), e);
        }
    }

    /** Decodes the stream with one reader, which it disposes of. */
    private <T> T decode(Path file, ImageInputStream in, ImageReader reader, Function<RgbRows, T> use)
            throws IOException {
        try {
            reader.setInput(in, true, true);
            return use.apply(RasterRows.of(read(file, reader)));
        } finally {
            reader.dispose();
        }
    }

    private static ImageInputStream stream(byte[] bytes) {
        return new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    }

    private static boolean isJpeg(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF;
    }

    /** Whether the bytes are a JPEG with an ICC profile (an APP2 {@code ICC_PROFILE} segment) before its scan. */
    static boolean hasIccProfile(byte[] b) {
        return isJpeg(b) && iccSegment(b, 2) >= 0;
    }

    /** The JPEG without its ICC profile segments: what "ignore the profile" means to a reader that applies it. */
    static byte[] withoutIccProfile(byte[] b) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(b.length);
        int from = 0;
        for (int p = iccSegment(b, 2); p >= 0; p = iccSegment(b, from)) {
            out.write(b, from, p - from);
            from = p + 2 + (((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff));
        }
        out.write(b, from, b.length - from);
        return out.toByteArray();
    }

    /** Where the next APP2 {@code ICC_PROFILE} segment at or after {@code p} (a marker) starts before the scan; -1. */
    private static int iccSegment(byte[] b, int p) {
        while (p + 4 <= b.length && (b[p] & 0xff) == 0xFF) {
            int marker = b[p + 1] & 0xff;
            if (marker == 0xFF) {
                p++;
                continue;
            }
            if (marker == 0xDA) {
                return -1;
            }
            int length = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            if (length < 2 || p + 2 + length > b.length) {
                return -1;
            }
            if (marker == 0xE2 && length >= 2 + ICC_TAG.length
                    && Arrays.equals(b, p + 4, p + 4 + ICC_TAG.length, ICC_TAG, 0, ICC_TAG.length)) {
                return p;
            }
            p += 2 + length;
        }
        return -1;
    }

    /**
     * Whether the bytes are a JPEG whose segments before the scan hold no ICC profile (APP2) and no Adobe marker
     * (APP14), and whose frame has one or three components: a file the JDK's reader decodes exactly as TwelveMonkeys'
     * does. False for anything unexpected (the registered readers then decide).
     */
    static boolean isPlainJpeg(byte[] b) {
        if (b.length < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) {
            return false;
        }
        int components = 0;
        for (int p = 2; p + 4 <= b.length; ) {
            if ((b[p] & 0xff) != 0xFF) {
                return false;
            }
            int marker = b[p + 1] & 0xff;
            if (marker == 0xFF) {
                p++;   // fill byte
                continue;
            }
            if (marker == 0xDA) {
                return components == 1 || components == 3;   // the scan: plain if a frame header came first
            }
            int length = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            if (length < 2 || marker == 0xE2 || marker == 0xEE) {
                return false;   // a broken length, APP2 (ICC profile, or FlashPix) or APP14 (Adobe)
            }
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                components = p + 9 < b.length ? b[p + 9] & 0xff : 0;   // a frame header (SOFn)
            }
            p += 2 + length;
        }
        return false;
    }

    /** The JDK's JPEG reader, or null where this runtime has none. */
    private static ImageReaderSpi jdkJpeg() {
        Iterator<ImageReaderSpi> spis = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class,
                false);
        while (spis.hasNext()) {
            ImageReaderSpi spi = spis.next();
            if (spi.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi")) {
                return spi;
            }
        }
        return null;
    }

    /** Refuses an image whose header gives no size or more than {@link #maxPixels}. */
    private void checkSize(Path file, long w, long h) {
        if (w <= 0 || h <= 0) {
            throw bad(file, "invalid image size " + w + "x" + h, null);
        }
        if (w * h > maxPixels) {
            throw bad(file, String.format(Locale.ROOT,
                    "image is %dx%d (%.1f megapixels), over the limit of %.1f megapixels (data.max-pixels);"
                            + " refused before decoding", w, h, w * h / 1e6, maxPixels / 1e6), null);
        }
    }

    private BufferedImage read(Path file, ImageReader reader) throws IOException {
        checkSize(file, reader.getWidth(0), reader.getHeight(0));
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image = reader.read(0);
        for (String warning : warnings) {
            String lower = warning.toLowerCase(Locale.ROOT);
            if (lower.contains("premature") || lower.contains("truncat")) {
                throw bad(file, "truncated: " + warning, null);
            }
        }
        return image;
    }

    /** Converts any decoded image to RGB floats in [0, 255] with TensorFlow's conventions (see the class comment). */
    public static RgbImage toRgb(BufferedImage image) {
        return RasterRows.of(image).toImage();
    }

    private static BadImageException bad(Path file, String reason, Throwable cause) {
        BadImage b = new BadImage(file, reason);
        return cause == null ? new BadImageException(b) : new BadImageException(b, cause);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String format(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) {
            return "JPEG";
        }
        if (b.length >= 4 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "PNG";
        }
        if (b.length >= 3 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
            return "GIF";
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return "BMP";
        }
        return "image";
    }

    private static String signature(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            sb.append(String.format(Locale.ROOT, "%02x", b[i] & 0xff));
            if (i < 7 && i < b.length - 1) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }
}
