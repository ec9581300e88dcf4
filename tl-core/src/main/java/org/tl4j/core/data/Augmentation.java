package org.tl4j.core.data;

import java.util.Locale;
import java.util.SplittableRandom;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.config.FlipMode;

/**
 * Seeded random augmentation with the semantics of Keras's preprocessing layers, applied in their usual order
 * ({@code RandomFlip}, {@code RandomRotation}, {@code RandomZoom}, {@code RandomTranslation}, {@code RandomContrast})
 * but resampled once: the geometric steps are composed into one affine map, sampled bilinearly with {@code reflect}
 * fill as TensorFlow's {@code ImageProjectiveTransform} does.
 *
 * <p>View 0 of an image is always the image itself; view {@code v ≥ 1} is a random variant drawn from a stream seeded
 * by {@code (seed, imageKey, v)} alone, so every view is reproducible and independent of batch order and threads.
 *
 * @param flip        which flips may happen, each with probability ½
 * @param rotation    Keras's {@code RandomRotation} factor: angles uniform in ±{@code rotation}·2π
 * @param zoom        Keras's {@code RandomZoom} factor: scale uniform in 1 ± {@code zoom} (positive zooms out),
 *                    the same for height and width
 * @param translation Keras's {@code RandomTranslation} factor: shifts uniform in ±{@code translation} of the size
 * @param contrast    Keras's {@code RandomContrast} factor: per-channel contrast uniform in 1 ± {@code contrast}
 */
public record Augmentation(FlipMode flip, double rotation, double zoom, double translation, double contrast) {

    public Augmentation {
        if (flip == null) {
            throw new TlConfigException(
                    "augment.flip must be set (none, horizontal, vertical, horizontal_and_vertical)");
        }
        check("rotation", rotation, 1);
        check("zoom", zoom, 1);
        check("translation", translation, 1);
        check("contrast", contrast, 1);
    }

    /** No augmentation. */
    public static Augmentation none() {
        return new Augmentation(FlipMode.NONE, 0, 0, 0, 0);
    }

    /** Whether this augmentation changes nothing. */
    public boolean isNone() {
        return flip == FlipMode.NONE && rotation == 0 && zoom == 0 && translation == 0 && contrast == 0;
    }

    /** A canonical one-line description, used in cache keys and reports. */
    public String id() {
        return String.format(Locale.ROOT, "flip=%s,rotation=%s,zoom=%s,translation=%s,contrast=%s", flip.id(),
                rotation, zoom, translation, contrast);
    }

    /** View {@code view} of an image: the image itself for view 0 or no augmentation, else a seeded variant. */
    public RgbImage apply(RgbImage image, long seed, long imageKey, int view) {
        if (view == 0 || isNone()) {
            return image;
        }
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, Seeds.key("augment"), imageKey, view));
        Draw d = Draw.from(rng);
        boolean flipX = flip.horizontal() && d.flipX < 0.5;
        boolean flipY = flip.vertical() && d.flipY < 0.5;
        double angle = (2 * d.angle - 1) * rotation * 2 * Math.PI;
        double scale = 1 + (2 * d.zoom - 1) * zoom;
        double dy = (2 * d.shiftY - 1) * translation * image.height();
        double dx = (2 * d.shiftX - 1) * translation * image.width();
        double factor = 1 + (2 * d.contrast - 1) * contrast;
        RgbImage out = transform(image, flipX, flipY, angle, scale, dx, dy);
        return contrast == 0 ? out : adjustContrast(out, (float) factor);
    }

    /** The uniform draws of one view, always all of them and in this order, so that settings do not shift streams. */
    private record Draw(double flipX, double flipY, double angle, double zoom, double shiftY, double shiftX,
            double contrast) {
        static Draw from(SplittableRandom rng) {
            return new Draw(rng.nextDouble(), rng.nextDouble(), rng.nextDouble(), rng.nextDouble(), rng.nextDouble(),
                    rng.nextDouble(), rng.nextDouble());
        }
    }

    private static RgbImage transform(RgbImage image, boolean flipX, boolean flipY, double angle, double scale,
            double dx, double dy) {
        int h = image.height();
        int w = image.width();
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        float[] in = image.pixels();
        float[] out = new float[in.length];
        int o = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = (x + 0.5 - w / 2.0 - dx) * scale;
                double v = (y + 0.5 - h / 2.0 - dy) * scale;
                double ur = cos * u - sin * v;
                double vr = sin * u + cos * v;
                if (flipX) {
                    ur = -ur;
                }
                if (flipY) {
                    vr = -vr;
                }
                sample(in, h, w, reflect(vr + h / 2.0 - 0.5, h), reflect(ur + w / 2.0 - 0.5, w), out, o);
                o += 3;
            }
        }
        return RgbImage.of(h, w, out);
    }

    private static void sample(float[] in, int h, int w, double y, double x, float[] out, int o) {
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        int y1 = Math.min(y0 + 1, h - 1);
        int x1 = Math.min(x0 + 1, w - 1);
        float fy = (float) (y - y0);
        float fx = (float) (x - x0);
        int a = (y0 * w + x0) * 3;
        int b = (y0 * w + x1) * 3;
        int c = (y1 * w + x0) * 3;
        int d = (y1 * w + x1) * 3;
        for (int ch = 0; ch < 3; ch++) {
            float top = in[a + ch] + (in[b + ch] - in[a + ch]) * fx;
            float bottom = in[c + ch] + (in[d + ch] - in[c + ch]) * fx;
            out[o + ch] = top + (bottom - top) * fy;
        }
    }

    /** TensorFlow's {@code reflect} fill mode ({@code d c b a | a b c d | d c b a}), clamped to {@code [0, len-1]}. */
    static double reflect(double coord, int len) {
        double c = coord;
        if (len <= 1) {
            return 0;
        }
        double size2 = 2.0 * len;
        if (c < 0) {
            if (c < -size2) {
                c = size2 * (int) (-c / size2) + c;
            }
            c = c < -len ? c + size2 : -c - 1;
        } else if (c > len - 1) {
            c -= size2 * (int) (c / size2);
            if (c >= len) {
                c = size2 - c - 1;
            }
        }
        return Math.max(0, Math.min(c, len - 1));
    }

    private static RgbImage adjustContrast(RgbImage image, float factor) {
        float[] p = image.pixels();
        double[] mean = new double[3];
        for (int i = 0; i < p.length; i++) {
            mean[i % 3] += p[i];
        }
        int n = p.length / 3;
        float[] m = {(float) (mean[0] / n), (float) (mean[1] / n), (float) (mean[2] / n)};
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            float v = (p[i] - m[i % 3]) * factor + m[i % 3];
            out[i] = Math.max(0f, Math.min(255f, v));
        }
        return RgbImage.of(image.height(), image.width(), out);
    }

    private static void check(String key, double value, double max) {
        if (!(value >= 0 && value <= max)) {
            throw new TlConfigException("augment." + key + " must be in [0, " + max + "], got " + value);
        }
    }
}
