package org.tl4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tl4j.api.config.CropMode;

/** Expected values are worked out by hand from TensorFlow's ResizeBilinear kernel with half-pixel centres. */
class ResizeTests {

    /** A one-row image whose three channels all hold {@code values}. */
    private static RgbImage row(float... values) {
        float[] p = new float[values.length * 3];
        for (int i = 0; i < values.length; i++) {
            p[3 * i] = values[i];
            p[3 * i + 1] = values[i];
            p[3 * i + 2] = values[i];
        }
        return RgbImage.of(1, values.length, p);
    }

    private static float[] channel0(RgbImage img) {
        float[] out = new float[img.height() * img.width()];
        for (int i = 0; i < out.length; i++) {
            out[i] = img.pixels()[3 * i];
        }
        return out;
    }

    @Test
    void upscaleTwoToFourMatchesTf() {
        // scale 0.5: in = (x+0.5)*0.5-0.5 = -0.25, 0.25, 0.75, 1.25 → clamped ends, lerps 0.25 and 0.75
        assertThat(channel0(Resize.bilinear(row(0, 100), 1, 4))).containsExactly(0f, 25f, 75f, 100f);
    }

    @Test
    void downscaleFourToTwoAveragesPairs() {
        // scale 2: in = 0.5, 2.5 → midpoints
        assertThat(channel0(Resize.bilinear(row(10, 20, 40, 80), 1, 2))).containsExactly(15f, 60f);
    }

    @Test
    void downscaleFiveToThree() {
        // scale 5/3: in = 1/3, 2, 11/3 → 0 + 10·(1/3), 20, 30 + 10·(2/3)
        float scale = 5f / 3;
        float in0 = 0.5f * scale - 0.5f;
        float in2 = 2.5f * scale - 0.5f;
        float[] out = channel0(Resize.bilinear(row(0, 10, 20, 30, 40), 1, 3));
        assertThat(out[0]).isEqualTo(0 + (10 - 0) * in0);
        assertThat(out[1]).isEqualTo(20f);
        assertThat(out[2]).isEqualTo(30 + (40 - 30) * (in2 - 3));
        assertThat(out[0]).isCloseTo(10f / 3, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void twoDimensionalLerpOrderMatchesTf() {
        // 2x2 → 3x3: scale 2/3, in = -1/6, 1/2, 7/6 → rows/cols 0, mid, 1
        RgbImage img = RgbImage.of(2, 2, new float[] {0, 0, 0, 30, 30, 30, 60, 60, 60, 90, 90, 90});
        float[] out = channel0(Resize.bilinear(img, 3, 3));
        assertThat(out).containsExactly(0f, 15f, 30f, 30f, 45f, 60f, 60f, 75f, 90f);
    }

    @Test
    void channelsStayApart() {
        RgbImage img = RgbImage.of(1, 2, new float[] {0, 100, 200, 50, 150, 250});
        RgbImage out = Resize.bilinear(img, 1, 4);
        assertThat(out.pixels()).containsExactly(0, 100, 200, 12.5f, 112.5f, 212.5f, 37.5f, 137.5f, 237.5f,
                50, 150, 250);
    }

    @Test
    void sameSizeIsIdentity() {
        RgbImage img = row(1, 2, 3);
        assertThat(Resize.bilinear(img, 1, 3)).isSameAs(img);
    }

    @Test
    void centerCropKeepsTheMiddleBoxOfTheTargetAspect() {
        float[] p = new float[6 * 2 * 3];
        for (int y = 0; y < 6; y++) {
            for (int c = 0; c < 6; c++) {
                p[y * 6 + c] = y;
            }
        }
        RgbImage tall = RgbImage.of(6, 2, p);
        RgbImage square = Resize.centerCropToAspect(tall, 4, 4);
        assertThat(square.height()).isEqualTo(2);
        assertThat(square.width()).isEqualTo(2);
        assertThat(square.get(0, 0, 0)).isEqualTo(2f);
        assertThat(square.get(1, 1, 2)).isEqualTo(3f);
        RgbImage fitted = Resize.fit(tall, 4, 4, CropMode.CENTER);
        assertThat(fitted.height()).isEqualTo(4);
        assertThat(Resize.fit(tall, 4, 4, CropMode.NONE).get(0, 0, 0)).isEqualTo(0.25f);
    }
}
