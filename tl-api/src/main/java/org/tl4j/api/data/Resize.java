package org.tl4j.api.data;

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
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + height + "x" + width);
        }
        if (image.height() == height && image.width() == width) {
            return image;
        }
        int inH = image.height();
        int inW = image.width();
        Interpolation ys = Interpolation.of(inH, height);
        Interpolation xs = Interpolation.of(inW, width);
        float[] in = image.pixels();
        float[] out = new float[height * width * 3];
        int o = 0;
        for (int y = 0; y < height; y++) {
            int top = ys.lower[y] * inW * 3;
            int bottom = ys.upper[y] * inW * 3;
            float yl = ys.lerp[y];
            for (int x = 0; x < width; x++) {
                int left = xs.lower[x] * 3;
                int right = xs.upper[x] * 3;
                float xl = xs.lerp[x];
                for (int c = 0; c < 3; c++) {
                    float topLeft = in[top + left + c];
                    float topRight = in[top + right + c];
                    float bottomLeft = in[bottom + left + c];
                    float bottomRight = in[bottom + right + c];
                    float t = topLeft + (topRight - topLeft) * xl;
                    float b = bottomLeft + (bottomRight - bottomLeft) * xl;
                    out[o++] = t + (b - t) * yl;
                }
            }
        }
        return RgbImage.of(height, width, out);
    }

    /**
     * The largest centred box with the aspect ratio of {@code height × width}, as Keras's {@code smart_resize} and
     * {@code crop_to_aspect_ratio} compute it; returns {@code image} itself when nothing needs cropping.
     */
    public static RgbImage centerCropToAspect(RgbImage image, int height, int width) {
        int h = image.height();
        int w = image.width();
        int cropH = Math.min(h, (int) ((float) w * height / width));
        int cropW = Math.min(w, (int) ((float) h * width / height));
        cropH = Math.max(cropH, 1);
        cropW = Math.max(cropW, 1);
        if (cropH == h && cropW == w) {
            return image;
        }
        int y0 = (int) ((float) (h - cropH) / 2);
        int x0 = (int) ((float) (w - cropW) / 2);
        return crop(image, y0, x0, cropH, cropW);
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
