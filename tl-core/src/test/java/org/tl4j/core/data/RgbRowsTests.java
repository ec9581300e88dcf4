package org.tl4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tl4j.api.config.CropMode;

/**
 * The row-at-a-time path from decoded image to model input (decoder rows → optional crop → separable bilinear resize)
 * gives bit for bit what the whole-image path gives: the raster fast path reads the same samples as
 * {@link java.awt.image.Raster#getPixel}, and the separable kernel does the same float operations as TensorFlow's
 * per-pixel kernel (written out here as the reference).
 */
class RgbRowsTests {

    @ParameterizedTest(name = "BufferedImage type {0}")
    @CsvSource({"5", "6", "10", "1", "2", "11"})
    void rasterRowsReadTheSamplesThemselves(int type) {
        BufferedImage img = random(new BufferedImage(23, 17, type), 1);
        RgbImage rgb = ImageDecoder.toRgb(img);
        WritableRaster raster = img.getRaster();
        boolean gray = raster.getNumBands() == 1;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                for (int c = 0; c < 3; c++) {
                    int sample = raster.getSample(x, y, gray ? 0 : c);
                    float expected = type == BufferedImage.TYPE_USHORT_GRAY ? sample >>> 8 : sample;
                    assertThat(rgb.get(y, x, c)).as("(%d, %d, %d)", y, x, c).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void subImagesReadTheirOwnBox() {
        BufferedImage img = random(new BufferedImage(30, 20, BufferedImage.TYPE_3BYTE_BGR), 2);
        BufferedImage sub = img.getSubimage(7, 4, 11, 9);
        RgbImage whole = ImageDecoder.toRgb(img);
        RgbImage part = ImageDecoder.toRgb(sub);
        assertThat(part.pixels()).containsExactly(Resize.crop(whole, 4, 7, 9, 11).pixels());
        RgbRows rows = RasterRows.of(img).crop(4, 7, 9, 11);
        assertThat(rows.toImage().pixels()).containsExactly(part.pixels());
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({"375, 500, 160, 160", "17, 23, 40, 31", "40, 31, 17, 23", "1, 7, 5, 3", "9, 9, 9, 4", "3, 2, 7, 2"})
    void separableKernelEqualsThePerPixelKernel(int inH, int inW, int outH, int outW) {
        RgbImage img = randomImage(inH, inW, 3);
        assertThat(Resize.bilinear(img, outH, outW).pixels()).containsExactly(perPixel(img, outH, outW));
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}, crop {4}")
    @CsvSource({"375, 500, 160, 160, CENTER", "375, 500, 160, 160, NONE", "21, 13, 8, 8, CENTER",
        "13, 21, 10, 4, CENTER", "12, 12, 12, 12, NONE"})
    void fitOnDecodedRowsEqualsFitOnTheDecodedImage(int inH, int inW, int outH, int outW, CropMode crop) {
        BufferedImage img = random(new BufferedImage(inW, inH, BufferedImage.TYPE_3BYTE_BGR), 4);
        RgbImage expected = Resize.fit(ImageDecoder.toRgb(img), outH, outW, crop);
        assertThat(Resize.fit(RasterRows.of(img), outH, outW, crop).pixels()).containsExactly(expected.pixels());
    }

    private static BufferedImage random(BufferedImage img, long seed) {
        Random r = new Random(seed);
        WritableRaster raster = img.getRaster();
        int max = (1 << img.getColorModel().getComponentSize(0)) - 1;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                for (int b = 0; b < raster.getNumBands(); b++) {
                    raster.setSample(x, y, b, r.nextInt(max + 1));
                }
            }
        }
        return img;
    }

    private static RgbImage randomImage(int h, int w, long seed) {
        Random r = new Random(seed);
        float[] p = new float[h * w * 3];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextFloat() * 255;
        }
        return RgbImage.of(h, w, p);
    }

    /** TensorFlow's ResizeBilinear kernel (half-pixel centres) pixel by pixel, as the reference. */
    private static float[] perPixel(RgbImage img, int outH, int outW) {
        float[] out = new float[outH * outW * 3];
        float sy = (float) img.height() / outH;
        float sx = (float) img.width() / outW;
        int o = 0;
        for (int y = 0; y < outH; y++) {
            float iny = ((float) y + 0.5f) * sy - 0.5f;
            int top = Math.max((int) Math.floor(iny), 0);
            int bottom = Math.min((int) Math.ceil(iny), img.height() - 1);
            float yl = iny - (float) Math.floor(iny);
            for (int x = 0; x < outW; x++) {
                float inx = ((float) x + 0.5f) * sx - 0.5f;
                int left = Math.max((int) Math.floor(inx), 0);
                int right = Math.min((int) Math.ceil(inx), img.width() - 1);
                float xl = inx - (float) Math.floor(inx);
                for (int c = 0; c < 3; c++) {
                    float tl = img.get(top, left, c);
                    float tr = img.get(top, right, c);
                    float bl = img.get(bottom, left, c);
                    float br = img.get(bottom, right, c);
                    float t = tl + (tr - tl) * xl;
                    float b = bl + (br - bl) * xl;
                    out[o++] = t + (b - t) * yl;
                }
            }
        }
        return out;
    }
}
