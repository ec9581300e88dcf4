package org.tl4j.backbones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.AveragePool;
import org.tl4j.api.graph.Flatten;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Shape;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.Preprocessing;

class PixelsBackboneTests {
    private final PixelsBackbone pixels = new PixelsBackbone();

    @Test
    void averagesTheImageToA16By16GridAndFlattensIt() {
        Graph g = pixels.graph(BackboneSpec.of(64, 64, 1.0));
        assertThat(g.nodes()).hasSize(3);
        assertThat(g.nodes().get(1)).isEqualTo(new AveragePool("average_pooling2d", "input_layer", 4, 4, 4, 4,
                org.tl4j.api.graph.Padding.VALID));
        assertThat(g.nodes().get(2)).isInstanceOf(Flatten.class);
        assertThat(g.outputShape()).isEqualTo(Shape.of(16 * 16 * 3));
        assertThat(pixels.graph(BackboneSpec.of(224, 160, 1.0)).outputShape()).isEqualTo(Shape.of(768));
    }

    /** Sizes that are not multiples of 16 keep whole windows of ⌊size/16⌋ pixels: a few cells more. */
    @Test
    void otherSizesKeepWholeWindows() {
        assertThat(pixels.graph(BackboneSpec.of(40, 100, 1.0)).outputShape()).isEqualTo(Shape.of(20 * 16 * 3));
    }

    @Test
    void hasNoWeightsNothingToUnfreezeAndScalesPixelsToPlusMinusOne() {
        BackboneSpec spec = pixels.defaultSpec();
        assertThat(spec.height()).isEqualTo(64);
        assertThat(pixels.weightCatalogue(spec)).isEmpty();
        assertThat(pixels.layerGroups(spec)).isEmpty();
        assertThat(pixels.graph(spec).weightedNodes()).isEmpty();
        assertThat(pixels.missingWeightsReason("imagenet", spec)).contains("weights = none");
        assertThat(pixels.preprocessing()).isEqualTo(Preprocessing.TF);
    }

    @Test
    void rejectsAWidthMultiplierAndImagesSmallerThanTheGrid() {
        assertThatThrownBy(() -> pixels.graph(BackboneSpec.of(64, 64, 0.35))).isInstanceOf(TlConfigException.class)
                .hasMessageContaining("alpha");
        assertThatThrownBy(() -> pixels.graph(BackboneSpec.of(8, 64, 1.0))).isInstanceOf(TlConfigException.class)
                .hasMessageContaining("at least 16");
    }
}
