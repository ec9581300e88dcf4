package org.tl4j.core.data;

/**
 * A decoded image read a row at a time as RGB floats in [0, 255]: what the decoder hands to {@link Resize}, so that no
 * full-resolution float copy of an image is made on the way to the model input (a 500×375 photo would be 2.25 MB of
 * floats per image, a humongous allocation for G1 that costs a garbage collection every few images).
 * Implementations may keep scratch buffers: one instance is used by one thread.
 */
interface RgbRows {
    int height();

    int width();

    /** Writes {@code count} pixels of row {@code y}, from column {@code x0}, as interleaved RGB into {@code dst}. */
    void read(int y, int x0, int count, float[] dst, int offset);

    /** The {@code h × w} box whose top-left corner is at row {@code y0}, column {@code x0} (not copied). */
    default RgbRows crop(int y0, int x0, int h, int w) {
        if (y0 < 0 || x0 < 0 || h <= 0 || w <= 0 || y0 + h > height() || x0 + w > width()) {
            throw new IllegalArgumentException("crop box " + h + "x" + w + " at (" + y0 + ", " + x0
                    + ") does not fit in " + height() + "x" + width());
        }
        return new Box(this, y0, x0, h, w);
    }

    /** All rows in one {@link RgbImage}. */
    default RgbImage toImage() {
        int w = width();
        float[] out = new float[height() * w * 3];
        for (int y = 0; y < height(); y++) {
            read(y, 0, w, out, y * w * 3);
        }
        return RgbImage.of(height(), w, out);
    }

    /** The rows of an image already in memory. */
    static RgbRows of(RgbImage image) {
        return new Floats(image);
    }

    /** Rows of an {@link RgbImage}. */
    record Floats(RgbImage image) implements RgbRows {
        @Override
        public int height() {
            return image.height();
        }

        @Override
        public int width() {
            return image.width();
        }

        @Override
        public void read(int y, int x0, int count, float[] dst, int offset) {
            System.arraycopy(image.pixels(), (y * image.width() + x0) * 3, dst, offset, count * 3);
        }
    }

    /** A box inside other rows. */
    record Box(RgbRows source, int y0, int x0, int height, int width) implements RgbRows {
        @Override
        public void read(int y, int x, int count, float[] dst, int offset) {
            source.read(y0 + y, x0 + x, count, dst, offset);
        }
    }
}
