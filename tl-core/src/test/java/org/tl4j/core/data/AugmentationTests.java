package org.tl4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.config.FlipMode;

class AugmentationTests {

    private static RgbImage gradient(int h, int w) {
        float[] p = new float[h * w * 3];
        for (int i = 0; i < p.length; i++) {
            p[i] = (i * 7) % 256;
        }
        return RgbImage.of(h, w, p);
    }

    private final Augmentation all = new Augmentation(FlipMode.HORIZONTAL_AND_VERTICAL, 0.2, 0.2, 0.1, 0.3);

    @Test
    void viewZeroIsTheImageItself() {
        RgbImage img = gradient(8, 6);
        assertThat(all.apply(img, 1, 99, 0)).isSameAs(img);
        assertThat(Augmentation.none().apply(img, 1, 99, 5)).isSameAs(img);
    }

    @Test
    void eachViewIsReproducibleFromSeedImageAndView() {
        RgbImage img = gradient(8, 6);
        float[] a = all.apply(img, 42, 7, 3).pixels();
        assertThat(all.apply(img, 42, 7, 3).pixels()).isEqualTo(a);
        assertThat(all.apply(img, 42, 7, 4).pixels()).isNotEqualTo(a);
        assertThat(all.apply(img, 43, 7, 3).pixels()).isNotEqualTo(a);
        assertThat(all.apply(img, 42, 8, 3).pixels()).isNotEqualTo(a);
    }

    @Test
    void horizontalFlipAloneMirrorsExactlyOrKeeps() {
        Augmentation flip = new Augmentation(FlipMode.HORIZONTAL, 0, 0, 0, 0);
        RgbImage img = gradient(3, 4);
        int flipped = 0;
        for (int view = 1; view <= 20; view++) {
            RgbImage out = flip.apply(img, 5, 1, view);
            boolean mirrored = true;
            boolean same = true;
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    for (int c = 0; c < 3; c++) {
                        mirrored &= out.get(y, x, c) == img.get(y, 3 - x, c);
                        same &= out.get(y, x, c) == img.get(y, x, c);
                    }
                }
            }
            assertThat(mirrored || same).isTrue();
            flipped += mirrored ? 1 : 0;
        }
        assertThat(flipped).isBetween(3, 17);
    }

    @Test
    void contrastStaysInRangeAndKeepsTheMean() {
        Augmentation contrast = new Augmentation(FlipMode.NONE, 0, 0, 0, 0.5);
        RgbImage out = contrast.apply(RgbImage.of(1, 2, new float[] {100, 100, 100, 140, 140, 140}), 3, 4, 1);
        assertThat(out.pixels()[0] + out.pixels()[3]).isCloseTo(240f, org.assertj.core.data.Offset.offset(1e-3f));
        for (float v : out.pixels()) {
            assertThat(v).isBetween(0f, 255f);
        }
    }

    @Test
    void reflectFillFollowsTensorFlow() {
        assertThat(Augmentation.reflect(-1, 4)).isEqualTo(0);
        assertThat(Augmentation.reflect(-2, 4)).isEqualTo(1);
        assertThat(Augmentation.reflect(4, 4)).isEqualTo(3);
        assertThat(Augmentation.reflect(5, 4)).isEqualTo(2);
        assertThat(Augmentation.reflect(1.5, 4)).isEqualTo(1.5);
    }

    @Test
    void factorsAreValidated() {
        assertThatThrownBy(() -> new Augmentation(FlipMode.NONE, -0.1, 0, 0, 0)).isInstanceOf(TlConfigException.class)
                .hasMessageContaining("augment.rotation");
    }
}
