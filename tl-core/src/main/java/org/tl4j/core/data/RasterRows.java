package org.tl4j.core.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * The {@link RgbRows} of a decoded {@link BufferedImage}, with TensorFlow's conventions (see {@link ImageDecoder}):
 * a reader per raster layout, from the fastest (8-bit interleaved bytes, straight from the data buffer) to the most
 * general (the colour model's {@link BufferedImage#getRGB}).
 */
final class RasterRows {
    private RasterRows() {
    }

    /** The rows of a decoded image as RGB floats, read the fastest way its raster allows. */
    static RgbRows of(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int csType = cm.getColorSpace().getType();
        if (cm instanceof ComponentColorModel && (csType == ColorSpace.TYPE_GRAY || csType == ColorSpace.TYPE_RGB)
                && raster.getNumBands() >= cm.getNumColorComponents()) {
            return samples(raster, cm.getNumColorComponents(), cm.getComponentSize(0));
        }
        if (cm instanceof java.awt.image.DirectColorModel && csType == ColorSpace.TYPE_RGB
                && allComponentSizes(cm, 8)) {
            return samples(raster, 3, 8);
        }
        return new ArgbRows(image);
    }

    private static boolean allComponentSizes(ColorModel cm, int bits) {
        for (int i = 0; i < cm.getNumComponents(); i++) {
            if (cm.getComponentSize(i) != bits) {
                return false;
            }
        }
        return true;
    }

    private static RgbRows samples(Raster raster, int colours, int bits) {
        if (bits == 8 && raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getNumBanks() == 1
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm) {
            return InterleavedByteRows.of(raster, sm, buffer, colours);
        }
        return new SampleRows(raster, colours, bits);
    }

    /**
     * 8-bit interleaved rasters (what the JPEG, PNG and BMP readers give), read straight from the data buffer: about
     * twice as fast as {@link Raster#getPixels}, with the same values.
     */
    private record InterleavedByteRows(int height, int width, byte[] data, int origin, int scanline, int stride,
            int r, int g, int b) implements RgbRows {
        static InterleavedByteRows of(Raster raster, PixelInterleavedSampleModel sm, DataBufferByte buffer,
                int colours) {
            int[] bands = sm.getBandOffsets();
            int stride = sm.getPixelStride();
            int x0 = raster.getMinX() - raster.getSampleModelTranslateX();
            int y0 = raster.getMinY() - raster.getSampleModelTranslateY();
            int origin = buffer.getOffset() + y0 * sm.getScanlineStride() + x0 * stride;
            return new InterleavedByteRows(raster.getHeight(), raster.getWidth(), buffer.getData(), origin,
                    sm.getScanlineStride(), stride, bands[0], colours == 1 ? bands[0] : bands[1],
                    colours == 1 ? bands[0] : bands[2]);
        }

        @Override
        public void read(int y, int x0, int count, float[] dst, int offset) {
            int o = offset;
            int p = origin + y * scanline + x0 * stride;
            for (int x = 0; x < count; x++, p += stride) {
                dst[o++] = data[p + r] & 0xff;
                dst[o++] = data[p + g] & 0xff;
                dst[o++] = data[p + b] & 0xff;
            }
        }
    }

    /** Any other grayscale or RGB raster, through {@link Raster#getPixels}. */
    private static final class SampleRows implements RgbRows {
        private final Raster raster;
        private final int colours;
        private final int bits;
        private final int max;
        private int[] row = new int[0];

        SampleRows(Raster raster, int colours, int bits) {
            this.raster = raster;
            this.colours = colours;
            this.bits = bits;
            this.max = (1 << Math.min(bits, 16)) - 1;
        }

        @Override
        public int height() {
            return raster.getHeight();
        }

        @Override
        public int width() {
            return raster.getWidth();
        }

        @Override
        public void read(int y, int x0, int count, float[] dst, int offset) {
            int bands = raster.getNumBands();
            if (row.length < count * bands) {
                row = new int[count * bands];
            }
            raster.getPixels(x0, y, count, 1, row);
            int o = offset;
            for (int x = 0; x < count; x++) {
                int p = x * bands;
                if (colours == 1) {
                    float v = scale(row[p], bits, max);
                    dst[o++] = v;
                    dst[o++] = v;
                    dst[o++] = v;
                } else {
                    dst[o++] = scale(row[p], bits, max);
                    dst[o++] = scale(row[p + 1], bits, max);
                    dst[o++] = scale(row[p + 2], bits, max);
                }
            }
        }
    }

    /** 8-bit samples as they are; 16-bit samples keep their high byte (libpng's strip-16, as TensorFlow). */
    private static float scale(int v, int bits, int max) {
        if (bits == 8) {
            return v;
        }
        if (bits == 16) {
            return v >>> 8;
        }
        return Math.round(v * 255f / max);
    }

    /** Palettes, CMYK conversions and anything else, through the colour model ({@link BufferedImage#getRGB}). */
    private static final class ArgbRows implements RgbRows {
        private final BufferedImage image;
        private int[] row = new int[0];

        ArgbRows(BufferedImage image) {
            this.image = image;
        }

        @Override
        public int height() {
            return image.getHeight();
        }

        @Override
        public int width() {
            return image.getWidth();
        }

        @Override
        public void read(int y, int x0, int count, float[] dst, int offset) {
            if (row.length < count) {
                row = new int[count];
            }
            image.getRGB(x0, y, count, 1, row, 0, count);
            int o = offset;
            for (int x = 0; x < count; x++) {
                int argb = row[x];
                dst[o++] = (argb >>> 16) & 0xff;
                dst[o++] = (argb >>> 8) & 0xff;
                dst[o++] = argb & 0xff;
            }
        }
    }
}
