package org.tl4j.core.data;

/**
 * An RGB image as floats in [0, 255], interleaved in row-major {@code [height, width, 3]} order (the layout of one
 * NHWC example). The pixel array is not copied; callers must not change it after handing it over.
 */
public final class RgbImage {
    private final int height;
    private final int width;
    private final float[] pixels;

    private RgbImage(int height, int width, float[] pixels) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        if (pixels.length != height * width * 3) {
            throw new IllegalArgumentException(height + "x" + width + "x3 needs " + height * width * 3
                    + " values, got " + pixels.length);
        }
        this.height = height;
        this.width = width;
        this.pixels = pixels;
    }

    /** Wraps interleaved RGB values (not copied). */
    public static RgbImage of(int height, int width, float[] pixels) {
        return new RgbImage(height, width, pixels);
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The backing array (not a copy). */
    public float[] pixels() {
        return pixels;
    }

    /** The value of channel {@code c} at row {@code y}, column {@code x}. */
    public float get(int y, int x, int c) {
        return pixels[(y * width + x) * 3 + c];
    }

    @Override
    public String toString() {
        return "RgbImage[" + height + "x" + width + "]";
    }
}
