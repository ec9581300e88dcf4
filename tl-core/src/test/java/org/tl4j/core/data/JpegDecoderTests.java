package org.tl4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tl4j.api.config.IccProfiles;
import org.tl4j.api.config.JpegDecoding;

/**
 * The default JPEG decoder against TensorFlow's own decoder: each fixture under {@code jpeg/} (written by
 * scripts/make_jpeg_fixtures.py) comes with the pixels {@code tf.io.decode_image(channels=3)} gave for it, and the
 * decoder must give exactly those.
 */
class JpegDecoderTests {
    static final List<String> FIXTURES = List.of("baseline_420", "baseline_422", "baseline_444", "progressive_420",
            "progressive_444", "optimized_q100", "low_q10", "restarts_420", "progressive_restarts", "grayscale",
            "grayscale_progressive", "cmyk", "cmyk_no_adobe", "ycck", "adobe_rgb_icc", "exif_rotated", "tiny_5x3",
            "narrow_2x17", "photo_progressive", "flower_exif");

    private final ImageDecoder decoder = new ImageDecoder();

    @ParameterizedTest
    @MethodSource("names")
    void pixelsEqualTensorFlowsDecodeImage(String name) {
        RgbImage out = decoder.decode(Path.of(name + ".jpg"), resource(name + ".jpg"));
        BufferedImage expected = reference(name);
        assertThat(out.height()).isEqualTo(expected.getHeight());
        assertThat(out.width()).isEqualTo(expected.getWidth());
        int differing = 0;
        String first = null;
        for (int y = 0; y < out.height(); y++) {
            for (int x = 0; x < out.width(); x++) {
                int rgb = expected.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    int want = (rgb >> (16 - 8 * c)) & 0xff;
                    if (out.get(y, x, c) != want) {
                        differing++;
                        if (first == null) {
                            first = "(" + y + ", " + x + ", " + c + "): " + out.get(y, x, c) + " != " + want;
                        }
                    }
                }
            }
        }
        assertThat(differing).as("values differing from TensorFlow's, first at %s", first).isZero();
    }

    static List<String> names() {
        return FIXTURES;
    }

    @Test
    void accurateDecoderIsTheOldOneAndDiffers() {
        ImageDecoder accurate = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, JpegDecoding.ACCURATE,
                IccProfiles.IGNORE);
        RgbImage fast = decoder.decode(Path.of("a.jpg"), resource("baseline_420.jpg"));
        RgbImage slow = accurate.decode(Path.of("a.jpg"), resource("baseline_420.jpg"));
        assertThat(slow.pixels()).isNotEqualTo(fast.pixels());
        float max = 0;
        for (int i = 0; i < fast.pixels().length; i++) {
            max = Math.max(max, Math.abs(fast.pixels()[i] - slow.pixels()[i]));
        }
        assertThat(max).isBetween(1f, 20f);
    }

    @Test
    void iccProfilesAreIgnoredUnlessApplied() {
        byte[] bytes = resource("adobe_rgb_icc.jpg");
        assertThat(ImageDecoder.hasIccProfile(bytes)).isTrue();
        assertThat(ImageDecoder.hasIccProfile(resource("baseline_420.jpg"))).isFalse();
        RgbImage ignored = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, JpegDecoding.ACCURATE,
                IccProfiles.IGNORE).decode(Path.of("a.jpg"), bytes);
        RgbImage applied = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, JpegDecoding.TENSORFLOW,
                IccProfiles.APPLY).decode(Path.of("a.jpg"), bytes);
        RgbImage tensorflow = decoder.decode(Path.of("a.jpg"), bytes);
        float ignoredMax = 0;
        float appliedMax = 0;
        for (int i = 0; i < tensorflow.pixels().length; i++) {
            ignoredMax = Math.max(ignoredMax, Math.abs(ignored.pixels()[i] - tensorflow.pixels()[i]));
            appliedMax = Math.max(appliedMax, Math.abs(applied.pixels()[i] - tensorflow.pixels()[i]));
        }
        assertThat(ignoredMax).as("accurate IDCT, profile ignored: within a few levels").isLessThan(16f);
        assertThat(appliedMax).as("Adobe RGB converted to sRGB: far from TensorFlow").isGreaterThan(20f);
    }

    @Test
    void truncatedProgressiveJpegIsBad() {
        byte[] full = resource("progressive_420.jpg");
        Path f = Path.of("cut.jpg");
        assertThatThrownBy(() -> decoder.decode(f, Arrays.copyOf(full, full.length * 2 / 3)))
                .isInstanceOf(BadImageException.class).hasMessageContaining("cut.jpg")
                .hasMessageContaining("truncated");
    }

    @Test
    void hugeJpegHeaderIsRefusedBeforeDecoding() {
        byte[] bytes = resource("baseline_420.jpg").clone();
        for (int p = 2; ; ) {
            int marker = bytes[p + 1] & 0xff;
            if (marker == 0xC0) {
                bytes[p + 5] = (byte) 0xEA;   // height 60000
                bytes[p + 7] = (byte) 0xEA;   // width 60000
                break;
            }
            p += 2 + (((bytes[p + 2] & 0xff) << 8) | (bytes[p + 3] & 0xff));
        }
        assertThatThrownBy(() -> decoder.decode(Path.of("bomb.jpg"), bytes)).isInstanceOf(BadImageException.class)
                .hasMessageContaining("over the limit of 50.0 megapixels");
    }

    static byte[] resource(String name) {
        try (InputStream in = JpegDecoderTests.class.getResourceAsStream("/jpeg/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage reference(String name) {
        try (InputStream in = JpegDecoderTests.class.getResourceAsStream("/jpeg/" + name + ".png")) {
            return ImageIO.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
