package org.tl4j.core.data;

import org.tl4j.api.config.CropMode;

/**
 * Resizing exactly as TensorFlow does it: {@code tf.image.resize(method='bilinear', antialias=False)}, i.e. the
 * {@code ResizeBilinear} kernel with half-pixel centres, computed in float32 in the same order of operations, so that
 * results agree with TensorFlow to float rounding.
 */
public final class Resize {
    private Resize() {
    }

    /** Bilinear resize with half-pixel centres; returns {@code image} itself when the size already fits. */
    public static RgbImage bilinear(RgbImage image, int height, int width) {
        checkSize(height, width);
        if (image.height() == height && image.width() == width) {
            return image;
        }
        return bilinear(RgbRows.of(image), height, width);
    }

    /**
     * Bilinear resize of rows read on demand, in TensorFlow's order of operations: each needed input row is first
     * interpolated horizontally ({@code top = topLeft + (topRight − topLeft)·xLerp}), then two such rows vertically
     * ({@code top + (bottom − top)·yLerp}) — the same float operations as the kernel's, so the same values, with
     * O(width) scratch memory instead of a float copy of the whole input.
     */
    static RgbImage bilinear(RgbRows image, int height, int width) {
        checkSize(height, width);
        if (image.height() == height && image.width() == width) {
            return image.toImage();
        }
        Interpolation ys = Interpolation.of(image.height(), height);
        HorizontalRows rows = new HorizontalRows(image, Interpolation.of(image.width(), width));
        int n = width * 3;
        float[] out = new float[height * n];
        for (int y = 0; y < height; y++) {
            float[] top = rows.get(ys.lower[y]);
            float[] bottom = rows.get(ys.upper[y]);
            float yl = ys.lerp[y];
            int o = y * n;
            for (int i = 0; i < n; i++) {
                float t = top[i];
                out[o + i] = t + (bottom[i] - t) * yl;
            }
        }
        return RgbImage.of(height, width, out);
    }

    private static void checkSize(int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + height + "x" + width);
        }
    }

    /**
     * The largest centred box with the aspect ratio of {@code height × width}, as Keras's {@code smart_resize} and
     * {@code crop_to_aspect_ratio} compute it; returns {@code image} itself when nothing needs cropping.
     */
    public static RgbImage centerCropToAspect(RgbImage image, int height, int width) {
        int[] box = aspectBox(image.height(), image.width(), height, width);
        return box == null ? image : crop(image, box[0], box[1], box[2], box[3]);
    }

    /** The centred box {@code {y0, x0, cropH, cropW}} of an {@code h × w} image, or null when it is the whole. */
    private static int[] aspectBox(int h, int w, int height, int width) {
        int cropH = Math.min(h, (int) ((float) w * height / width));
        int cropW = Math.min(w, (int) ((float) h * width / height));
        cropH = Math.max(cropH, 1);
        cropW = Math.max(cropW, 1);
        if (cropH == h && cropW == w) {
            return null;
        }
        return new int[] {(int) ((float) (h - cropH) / 2), (int) ((float) (w - cropW) / 2), cropH, cropW};
    }

    /** The {@code cropH × cropW} box whose top-left corner is at row {@code y0}, column {@code x0}. */
    public static RgbImage crop(RgbImage image, int y0, int x0, int cropH, int cropW) {
        if (y0 < 0 || x0 < 0 || y0 + cropH > image.height() || x0 + cropW > image.width()) {
            throw new IllegalArgumentException("crop box " + cropH + "x" + cropW + " at (" + y0 + ", " + x0
                    + ") does not fit in " + image);
        }
        float[] in = image.pixels();
        float[] out = new float[cropH * cropW * 3];
        for (int y = 0; y < cropH; y++) {
            System.arraycopy(in, ((y0 + y) * image.width() + x0) * 3, out, y * cropW * 3, cropW * 3);
        }
        return RgbImage.of(cropH, cropW, out);
    }

    /** Fits an image to the model input: optional centre crop, then bilinear resize. */
    public static RgbImage fit(RgbImage image, int height, int width, CropMode crop) {
        RgbImage cropped = crop == CropMode.CENTER ? centerCropToAspect(image, height, width) : image;
        return bilinear(cropped, height, width);
    }

    /** {@link #fit(RgbImage, int, int, CropMode)} for rows read on demand. */
    static RgbImage fit(RgbRows image, int height, int width, CropMode crop) {
        RgbRows cropped = image;
        if (crop == CropMode.CENTER) {
            int[] box = aspectBox(image.height(), image.width(), height, width);
            if (box != null) {
                cropped = image.crop(box[0], box[1], box[2], box[3]);
            }
        }
        return bilinear(cropped, height, width);
    }

    /**
     * Input rows interpolated horizontally to the output width, computed once each; the last two are kept, which is
     * enough because the kernel asks for rows in non-decreasing order.
     */
    private static final class HorizontalRows {
        private final RgbRows image;
        private final Interpolation xs;
        private final float[] source;
        private final float[][] slots;
        private final int[] rowOf = {-1, -1};

        HorizontalRows(RgbRows image, Interpolation xs) {
            this.image = image;
            this.xs = xs;
            this.source = new float[image.width() * 3];
            this.slots = new float[2][xs.lerp.length * 3];
        }

        float[] get(int row) {
            if (rowOf[0] == row) {
                return slots[0];
            }
            if (rowOf[1] == row) {
                return slots[1];
            }
            int slot = rowOf[0] <= rowOf[1] ? 0 : 1;
            image.read(row, 0, image.width(), source, 0);
            float[] out = slots[slot];
            int o = 0;
            for (int x = 0; x < xs.lerp.length; x++) {
                int left = xs.lower[x] * 3;
                int right = xs.upper[x] * 3;
                float xl = xs.lerp[x];
                for (int c = 0; c < 3; c++) {
                    float l = source[left + c];
                    out[o++] = l + (source[right + c] - l) * xl;
                }
            }
            rowOf[slot] = row;
            return out;
        }
    }

    /** TensorFlow's {@code compute_interpolation_weights} with the half-pixel scaler. */
    private record Interpolation(int[] lower, int[] upper, float[] lerp) {
        static Interpolation of(int inSize, int outSize) {
            float scale = (float) inSize / outSize;
            int[] lower = new int[outSize];
            int[] upper = new int[outSize];
            float[] lerp = new float[outSize];
            for (int i = 0; i < outSize; i++) {
                float in = ((float) i + 0.5f) * scale - 0.5f;
                float inF = (float) Math.floor(in);
                lower[i] = Math.max((int) inF, 0);
                upper[i] = Math.min((int) Math.ceil(in), inSize - 1);
                lerp[i] = in - inF;
            }
            return new Interpolation(lower, upper, lerp);
        }
    }
}
