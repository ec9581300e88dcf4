package org.tl4j.backbones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Shape;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.LayerGroup;
import org.tl4j.spi.Preprocessing;
import org.tl4j.spi.WeightFile;

class ResNet50BackboneTests {
    private final ResNet50Backbone backbone = new ResNet50Backbone();

    private Graph graph(int h, int w) {
        return backbone.graph(BackboneSpec.of(h, w, 1.0));
    }

    @Test
    void describesItself() {
        assertThat(backbone.id()).isEqualTo(ResNet50Backbone.ID).isEqualTo("resnet50");
        assertThat(backbone.preprocessing()).isEqualTo(Preprocessing.CAFFE);
        assertThat(backbone.defaultSpec()).isEqualTo(BackboneSpec.of(224, 224, 1.0));
    }

    @Test
    void pinsKerasTotals() {
        Graph g = graph(224, 224);
        assertThat(g.name()).isEqualTo("resnet50");
        assertThat(g.input().name()).isEqualTo("input_layer");
        assertThat(g.nodes()).hasSize(175);
        assertThat(g.weightedNodes()).hasSize(106);
        assertThat(g.weightShapes()).hasSize(318);
        assertThat(g.paramCount()).isEqualTo(23_587_712L);
        assertThat(g.outputName()).isEqualTo("conv5_block3_out");
    }

    @Test
    void outputShapesCeilTheSizeBy32() {
        assertThat(graph(224, 224).outputShape()).isEqualTo(Shape.hwc(7, 7, 2048));
        assertThat(graph(160, 160).outputShape()).isEqualTo(Shape.hwc(5, 5, 2048));
        assertThat(graph(225, 225).outputShape()).isEqualTo(Shape.hwc(8, 8, 2048));
        assertThat(graph(33, 32).outputShape()).isEqualTo(Shape.hwc(2, 1, 2048));
        assertThat(graph(Shape.UNKNOWN, Shape.UNKNOWN).outputShape())
                .isEqualTo(Shape.hwc(Shape.UNKNOWN, Shape.UNKNOWN, 2048));
    }

    @Test
    void stageResolutionsAt224And160() {
        Graph g224 = graph(224, 224);
        Graph g160 = graph(160, 160);
        String[] layers = {"conv1_pad", "conv1_relu", "pool1_pad", "pool1_pool", "conv2_block3_out",
            "conv3_block4_out", "conv4_block6_out", "conv5_block3_out"};
        int[] at224 = {230, 112, 114, 56, 56, 28, 14, 7};
        int[] at160 = {166, 80, 82, 40, 40, 20, 10, 5};
        for (int i = 0; i < layers.length; i++) {
            assertThat(g224.shape(layers[i]).height()).as(layers[i] + " @224").isEqualTo(at224[i]);
            assertThat(g160.shape(layers[i]).height()).as(layers[i] + " @160").isEqualTo(at160[i]);
        }
        assertThat(g224.shape("conv4_block6_out").channels()).isEqualTo(1024);
    }

    @Test
    void firstBlockOfAStackInterleavesShortcutAndMainBranchAsKerasDoes() {
        Graph g = graph(224, 224);
        List<String> names = g.nodes().stream().map(Node::name).toList();
        int start = names.indexOf("conv2_block1_1_conv");
        assertThat(names.subList(start, start + 12)).containsExactly("conv2_block1_1_conv", "conv2_block1_1_bn",
                "conv2_block1_1_relu", "conv2_block1_2_conv", "conv2_block1_2_bn", "conv2_block1_2_relu",
                "conv2_block1_0_conv", "conv2_block1_3_conv", "conv2_block1_0_bn", "conv2_block1_3_bn",
                "conv2_block1_add", "conv2_block1_out");
        assertThat(g.weightedNodes().subList(2, 10)).extracting(Node::name).containsExactly("conv2_block1_1_conv",
                "conv2_block1_1_bn", "conv2_block1_2_conv", "conv2_block1_2_bn", "conv2_block1_0_conv",
                "conv2_block1_3_conv", "conv2_block1_0_bn", "conv2_block1_3_bn");
        assertThat(g.node("conv2_block1_add").inputs()).containsExactly("conv2_block1_0_bn", "conv2_block1_3_bn");
        assertThat(g.node("conv2_block2_add").inputs()).containsExactly("conv2_block1_out", "conv2_block2_3_bn");
        assertThat(g.node("conv2_block1_0_conv").inputs()).containsExactly("pool1_pool");
    }

    @Test
    void usesKerasBatchNormSettingsAndSeparateReluLayers() {
        Graph g = graph(160, 160);
        assertThat(g.nodes()).filteredOn(n -> n instanceof BatchNorm).hasSize(53).allSatisfy(n -> {
            assertThat(((BatchNorm) n).epsilon()).isEqualTo(1.001e-5);
            assertThat(((BatchNorm) n).momentum()).isEqualTo(0.99);
        });
        assertThat(g.nodes()).filteredOn(n -> n instanceof Activation).hasSize(49)
                .allSatisfy(n -> assertThat(((Activation) n).fn()).isEqualTo(ActivationFn.RELU))
                .allSatisfy(n -> assertThat(n.kerasClass()).isEqualTo("Activation"));
    }

    @Test
    void layerGroupsAreTheStemAndFourStacks() {
        BackboneSpec spec = backbone.defaultSpec();
        Graph g = backbone.graph(spec);
        List<LayerGroup> groups = backbone.layerGroups(spec);
        assertThat(groups).extracting(LayerGroup::name).containsExactly("conv1", "conv2", "conv3", "conv4", "conv5");
        assertThat(groups).extracting(grp -> g.indexOf(grp.firstLayer())).isSorted().doesNotHaveDuplicates();
        assertThat(groups.get(0).firstLayer()).isEqualTo(g.nodes().get(1).name());
        assertThat(groups.get(4)).isEqualTo(new LayerGroup("conv5", "conv5_block1_1_conv"));
    }

    @Test
    void catalogueHasTheKerasImagenetFileWithItsMd5() {
        WeightFile file = backbone.weightFile("imagenet", BackboneSpec.of(160, 160, 1.0)).orElseThrow();
        assertThat(file.fileName()).isEqualTo("resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5");
        assertThat(file.url()).isEqualTo("https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
                + "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5");
        assertThat(file.hashAlgorithm()).isEqualTo("md5");
        assertThat(file.hash()).isEqualTo("4d473c1dd8becc155b73f8504c6f6626");
        assertThat(file.size()).isEqualTo(94_765_736L);
    }

    @Test
    void rejectsBadSpecs() {
        assertThatThrownBy(() -> graph(224, 31)).isInstanceOf(TlConfigException.class)
                .hasMessageContaining("resnet50").hasMessageContaining("[224, 31]")
                .hasMessageContaining("at least 32");
        assertThatThrownBy(() -> backbone.layerGroups(BackboneSpec.of(224, 224, 1.4)))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("alpha = 1.4");
    }
}
