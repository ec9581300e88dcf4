package org.tl4j.backbones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Shape;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.LayerGroup;
import org.tl4j.spi.Preprocessing;
import org.tl4j.spi.WeightFile;

class Vgg16BackboneTests {
    private final Vgg16Backbone backbone = new Vgg16Backbone();

    private Graph graph(int h, int w) {
        return backbone.graph(BackboneSpec.of(h, w, 1.0));
    }

    @Test
    void describesItself() {
        assertThat(backbone.id()).isEqualTo(Vgg16Backbone.ID).isEqualTo("vgg16");
        assertThat(backbone.preprocessing()).isEqualTo(Preprocessing.CAFFE);
        assertThat(backbone.defaultSpec()).isEqualTo(BackboneSpec.of(224, 224, 1.0));
        assertThat(backbone.description()).isNotBlank();
    }

    @Test
    void pinsKerasTotals() {
        Graph g = graph(224, 224);
        assertThat(g.name()).isEqualTo("vgg16");
        assertThat(g.input().name()).isEqualTo("input_layer");
        assertThat(g.nodes()).hasSize(19);
        assertThat(g.weightedNodes()).hasSize(13);
        assertThat(g.weightShapes()).hasSize(26);
        assertThat(g.paramCount()).isEqualTo(14_714_688L);
        assertThat(g.outputName()).isEqualTo("block5_pool");
    }

    @Test
    void outputShapesFloorTheSizeBy32() {
        assertThat(graph(224, 224).outputShape()).isEqualTo(Shape.hwc(7, 7, 512));
        assertThat(graph(160, 160).outputShape()).isEqualTo(Shape.hwc(5, 5, 512));
        assertThat(graph(225, 225).outputShape()).isEqualTo(Shape.hwc(7, 7, 512));
        assertThat(graph(32, 33).outputShape()).isEqualTo(Shape.hwc(1, 1, 512));
        assertThat(graph(160, 224).outputShape()).isEqualTo(Shape.hwc(5, 7, 512));
        assertThat(graph(Shape.UNKNOWN, Shape.UNKNOWN).outputShape())
                .isEqualTo(Shape.hwc(Shape.UNKNOWN, Shape.UNKNOWN, 512));
    }

    @Test
    void convolutionsCarryTheirReluAsInKeras() {
        Graph g = graph(160, 160);
        assertThat(g.nodes()).filteredOn(n -> n instanceof Conv2D).hasSize(13)
                .allSatisfy(n -> assertThat(((Conv2D) n).activation()).isEqualTo(ActivationFn.RELU))
                .allSatisfy(n -> assertThat(((Conv2D) n).useBias()).isTrue());
        assertThat(g.nodes()).extracting(Node::kerasClass).doesNotContain("Activation", "BatchNormalization");
        assertThat(g.shape("block3_pool")).isEqualTo(Shape.hwc(20, 20, 256));
    }

    @Test
    void weightedLayersFollowKerasOrder() {
        assertThat(graph(224, 224).weightedNodes()).extracting(Node::name).containsExactly("block1_conv1",
                "block1_conv2", "block2_conv1", "block2_conv2", "block3_conv1", "block3_conv2", "block3_conv3",
                "block4_conv1", "block4_conv2", "block4_conv3", "block5_conv1", "block5_conv2", "block5_conv3");
    }

    @Test
    void layerGroupsAreTheFiveBlocksInOrder() {
        BackboneSpec spec = backbone.defaultSpec();
        Graph g = backbone.graph(spec);
        assertThat(backbone.layerGroups(spec)).extracting(LayerGroup::name)
                .containsExactly("block1", "block2", "block3", "block4", "block5");
        assertThat(backbone.layerGroups(spec)).extracting(grp -> g.indexOf(grp.firstLayer())).isSorted()
                .doesNotHaveDuplicates();
        assertThat(backbone.layerGroups(spec).get(4)).isEqualTo(new LayerGroup("block5", "block5_conv1"));
    }

    @Test
    void catalogueHasTheKerasImagenetFileWithItsMd5() {
        WeightFile file = backbone.weightFile("imagenet", BackboneSpec.of(160, 160, 1.0)).orElseThrow();
        assertThat(file.fileName()).isEqualTo("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5");
        assertThat(file.url()).isEqualTo("https://storage.googleapis.com/tensorflow/keras-applications/vgg16/"
                + "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5");
        assertThat(file.hashAlgorithm()).isEqualTo("md5");
        assertThat(file.hash()).isEqualTo("6d6bbae143d832006294945121d1f1fc");
        assertThat(file.size()).isEqualTo(58_889_256L);
        assertThat(backbone.weightCatalogue(BackboneSpec.of(Shape.UNKNOWN, 300, 1.0))).containsExactly(file);
    }

    @Test
    void rejectsInputsSmallerThan32() {
        assertThatThrownBy(() -> graph(31, 31)).isInstanceOf(TlConfigException.class)
                .hasMessageContaining("vgg16").hasMessageContaining("[31, 31]").hasMessageContaining("at least 32");
        assertThatThrownBy(() -> graph(224, 0)).isInstanceOf(TlConfigException.class).hasMessageContaining("[224, 0]");
        assertThatThrownBy(() -> backbone.weightCatalogue(BackboneSpec.of(-7, 64, 1.0)))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("[-7, 64]");
    }

    @Test
    void rejectsAWidthMultiplier() {
        assertThatThrownBy(() -> backbone.graph(BackboneSpec.of(224, 224, 0.5))).isInstanceOf(TlConfigException.class)
                .hasMessageContaining("alpha = 0.5").hasMessageContaining("must be 1.0");
    }
}
