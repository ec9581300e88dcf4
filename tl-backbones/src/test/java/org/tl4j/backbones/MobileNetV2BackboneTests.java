package org.tl4j.backbones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Add;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.DepthwiseConv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.graph.ZeroPadding;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.LayerGroup;
import org.tl4j.spi.Preprocessing;
import org.tl4j.spi.WeightFile;

class MobileNetV2BackboneTests {
    private static final String BASE = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/";
    private final MobileNetV2Backbone backbone = new MobileNetV2Backbone();

    private Graph graph(int h, int w, double alpha) {
        return backbone.graph(BackboneSpec.of(h, w, alpha));
    }

    @Test
    void describesItself() {
        assertThat(backbone.id()).isEqualTo(MobileNetV2Backbone.ID).isEqualTo("mobilenet_v2");
        assertThat(backbone.preprocessing()).isEqualTo(Preprocessing.TF);
        assertThat(backbone.defaultSpec()).isEqualTo(BackboneSpec.of(224, 224, 1.0));
    }

    @Test
    void pinsKerasTotalsAtAlpha1() {
        Graph g = graph(160, 160, 1.0);
        assertThat(g.name()).isEqualTo("mobilenetv2_1.00_160");
        assertThat(g.input().name()).isEqualTo("input_layer");
        assertThat(g.nodes()).hasSize(154);
        assertThat(g.weightedNodes()).hasSize(104);
        assertThat(g.weightShapes()).hasSize(260);
        assertThat(g.paramCount()).isEqualTo(2_257_984L);
        assertThat(g.outputName()).isEqualTo("out_relu");
        assertThat(g.weightedNodes().subList(102, 104)).extracting(Node::name).containsExactly("Conv_1", "Conv_1_bn");
    }

    @ParameterizedTest
    @CsvSource({"0.35, 410208, 1280, mobilenetv2_0.35_224", "0.5, 706224, 1280, mobilenetv2_0.50_224",
        "0.75, 1382064, 1280, mobilenetv2_0.75_224", "1.0, 2257984, 1280, mobilenetv2_1.00_224",
        "1.3, 3766048, 1664, mobilenetv2_1.30_224", "1.4, 4363712, 1792, mobilenetv2_1.40_224"})
    void pinsParametersAndChannelsOfEveryAlpha(double alpha, long params, int channels, String name) {
        Graph g = graph(224, 224, alpha);
        assertThat(g.paramCount()).isEqualTo(params);
        assertThat(g.outputShape()).isEqualTo(Shape.hwc(7, 7, channels));
        assertThat(g.name()).isEqualTo(name);
        assertThat(g.weightedNodes()).hasSize(104);
    }

    @Test
    void roundsWidthsAsKerasMakeDivisible() {
        assertThat(MobileNetV2Backbone.makeDivisible(32 * 0.35)).isEqualTo(16);
        assertThat(MobileNetV2Backbone.makeDivisible(32 * 1.4)).isEqualTo(48);
        assertThat(MobileNetV2Backbone.makeDivisible((int) (64 * 1.4))).isEqualTo(88);
        assertThat(MobileNetV2Backbone.makeDivisible(1280 * 1.3)).isEqualTo(1664);
        Graph g = graph(224, 224, 0.35);
        assertThat(g.shape("block_1_project_BN").channels()).isEqualTo(8);
        assertThat(g.shape("block_16_expand").channels()).isEqualTo(336);
        assertThat(g.shape("block_16_project").channels()).isEqualTo(112);
    }

    @ParameterizedTest
    @CsvSource({"224, 224, 7, 7", "160, 160, 5, 5", "96, 96, 3, 3", "225, 225, 8, 8", "33, 33, 2, 2", "32, 32, 1, 1",
        "160, 224, 5, 7", "225, 160, 8, 5", "31, 40, -1, -1"})
    void outputShapesCeilTheSizeBy32(int h, int w, int outH, int outW) {
        if (outH < 0) {
            assertThatThrownBy(() -> graph(h, w, 1.0)).isInstanceOf(TlConfigException.class);
            return;
        }
        assertThat(graph(h, w, 1.0).outputShape()).isEqualTo(Shape.hwc(outH, outW, 1280));
    }

    @Test
    void stageResolutionsAt224And160() {
        String[] layers = {"Conv1", "expanded_conv_project_BN", "block_2_add", "block_5_add", "block_12_add",
            "block_16_project_BN", "out_relu"};
        int[] at224 = {112, 112, 56, 28, 14, 7, 7};
        int[] at160 = {80, 80, 40, 20, 10, 5, 5};
        Graph g224 = graph(224, 224, 1.0);
        Graph g160 = graph(160, 160, 1.0);
        for (int i = 0; i < layers.length; i++) {
            assertThat(g224.shape(layers[i]).height()).as(layers[i] + " @224").isEqualTo(at224[i]);
            assertThat(g160.shape(layers[i]).height()).as(layers[i] + " @160").isEqualTo(at160[i]);
        }
    }

    @Test
    void padsBeforeStride2DepthwiseConvsAsCorrectPad() {
        assertThat(pads(graph(224, 224, 1.0))).containsOnly(List.of(0, 1, 0, 1)).hasSize(4);
        assertThat(pads(graph(33, 33, 1.0))).containsOnly(List.of(1, 1, 1, 1)).hasSize(4);
        Graph mixed = graph(225, 160, 1.0);
        assertThat(((ZeroPadding) mixed.node("block_1_pad"))).isEqualTo(
                new ZeroPadding("block_1_pad", "block_1_expand_relu", 1, 1, 0, 1));
        assertThat(mixed.nodes()).filteredOn(n -> n instanceof ZeroPadding).extracting(Node::name)
                .containsExactly("block_1_pad", "block_3_pad", "block_6_pad", "block_13_pad");
        assertThat(mixed.node("block_1_depthwise").inputs()).containsExactly("block_1_pad");
    }

    @Test
    void unknownSizeFreezesThePadsAtBottomRightAsKerasDoes() {
        Graph g = graph(Shape.UNKNOWN, Shape.UNKNOWN, 1.0);
        assertThat(g.name()).isEqualTo("mobilenetv2_1.00_None");
        assertThat(g.outputShape()).isEqualTo(Shape.hwc(Shape.UNKNOWN, Shape.UNKNOWN, 1280));
        assertThat(pads(g)).containsOnly(List.of(0, 1, 0, 1)).hasSize(4);
        assertThat(g.paramCount()).isEqualTo(2_257_984L);
        // Keras looks only at the height: with it unknown, an odd known width is also padded bottom/right only,
        // so 161 gives floor-like 5 where TF "same" would give ceil(161/32) = 6
        assertThat(graph(Shape.UNKNOWN, 161, 1.0).outputShape()).isEqualTo(Shape.hwc(Shape.UNKNOWN, 5, 1280));
        assertThat(graph(161, Shape.UNKNOWN, 1.0).shape("block_1_pad"))
                .isEqualTo(Shape.hwc(83, Shape.UNKNOWN, 96));
    }

    private static List<List<Integer>> pads(Graph g) {
        List<List<Integer>> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n instanceof ZeroPadding z) {
                out.add(List.of(z.top(), z.bottom(), z.left(), z.right()));
            }
        }
        return out;
    }

    @Test
    void residualAddsSitInTheSameBlocksForEveryAlpha() {
        for (double alpha : MobileNetV2Backbone.ALPHAS) {
            Graph g = graph(96, 96, alpha);
            assertThat(g.nodes()).filteredOn(n -> n instanceof Add).extracting(Node::name).as("alpha " + alpha)
                    .containsExactly("block_2_add", "block_4_add", "block_5_add", "block_7_add", "block_8_add",
                            "block_9_add", "block_11_add", "block_12_add", "block_14_add", "block_15_add");
        }
        assertThat(graph(96, 96, 1.0).node("block_2_add").inputs())
                .containsExactly("block_1_project_BN", "block_2_project_BN");
    }

    @Test
    void usesKerasBatchNormSettingsRelu6AndDepthwiseKernels() {
        Graph g = graph(96, 96, 1.0);
        assertThat(g.nodes()).filteredOn(n -> n instanceof BatchNorm).hasSize(52).allSatisfy(n -> {
            assertThat(((BatchNorm) n).epsilon()).isEqualTo(1e-3);
            assertThat(((BatchNorm) n).momentum()).isEqualTo(0.999);
        });
        assertThat(g.nodes()).filteredOn(n -> n instanceof Activation).hasSize(35)
                .allSatisfy(n -> assertThat(((Activation) n).fn()).isEqualTo(ActivationFn.RELU6))
                .allSatisfy(n -> assertThat(n.kerasClass()).isEqualTo("ReLU"));
        assertThat(g.weightShapes()).containsEntry("block_13_depthwise/depthwise_kernel", Shape.of(3, 3, 576, 1))
                .containsEntry("bn_Conv1/moving_variance", Shape.of(32));
        DepthwiseConv2D dw = (DepthwiseConv2D) g.node("block_13_depthwise");
        assertThat(dw.strideH()).isEqualTo(2);
        assertThat(dw.useBias()).isFalse();
    }

    @Test
    void layerGroupsAreStemBlocksAndTop() {
        BackboneSpec spec = BackboneSpec.of(160, 160, 0.5);
        Graph g = backbone.graph(spec);
        List<LayerGroup> groups = backbone.layerGroups(spec);
        assertThat(groups).hasSize(19);
        assertThat(groups.get(0)).isEqualTo(new LayerGroup("stem", "Conv1"));
        assertThat(groups.get(1)).isEqualTo(new LayerGroup("expanded_conv", "expanded_conv_depthwise"));
        assertThat(groups.get(14)).isEqualTo(new LayerGroup("block_13", "block_13_expand"));
        assertThat(groups.get(18)).isEqualTo(new LayerGroup("top", "Conv_1"));
        assertThat(groups).extracting(grp -> g.indexOf(grp.firstLayer())).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void catalogueHasExactlyThe22PublishedFiles() {
        int found = 0;
        for (double alpha : MobileNetV2Backbone.ALPHAS) {
            for (int rows : MobileNetV2Backbone.WEIGHT_ROWS) {
                List<WeightFile> files = backbone.weightCatalogue(BackboneSpec.of(rows, rows, alpha));
                boolean expected = alpha <= 1.0 || rows == 224;
                assertThat(files).as("alpha " + alpha + " at " + rows).hasSize(expected ? 1 : 0);
                for (WeightFile f : files) {
                    found++;
                    String name = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_" + alpha + "_" + rows
                            + "_no_top.h5";
                    assertThat(f).isEqualTo(new WeightFile("imagenet", name, BASE + name, null, null, f.size()));
                }
            }
        }
        assertThat(found).isEqualTo(22);
    }

    @Test
    void catalogueEntriesSpellAlphaAsPythonAndKnowSomeSizes() {
        assertThat(backbone.weightFile("imagenet", BackboneSpec.of(160, 160, 1.0)).orElseThrow())
                .isEqualTo(new WeightFile("imagenet",
                        "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_160_no_top.h5",
                        BASE + "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_160_no_top.h5", null, null,
                        9_406_464L));
        assertThat(backbone.weightCatalogue(BackboneSpec.of(96, 96, 0.5))).singleElement()
                .satisfies(f -> assertThat(f.fileName()).endsWith("_0.5_96_no_top.h5"))
                .satisfies(f -> assertThat(f.size()).isEqualTo(-1L))
                .satisfies(f -> assertThat(f.knownHash()).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"160, 160, 160", "96, 96, 96", "160, 224, 224", "200, 200, 224", "225, 225, 224", "32, 32, 224",
        "-1, -1, 224"})
    void picksTheWeightResolutionAsKeras(int h, int w, int rows) {
        BackboneSpec spec = BackboneSpec.of(h, w, 0.75);
        assertThat(MobileNetV2Backbone.imagenetRows(spec)).isEqualTo(rows);
        assertThat(backbone.weightCatalogue(spec)).singleElement()
                .satisfies(f -> assertThat(f.fileName()).endsWith("_0.75_" + rows + "_no_top.h5"));
    }

    @Test
    void explainsWhyAWeightFileIsMissing() {
        BackboneSpec missing = BackboneSpec.of(160, 160, 1.3);
        assertThat(backbone.weightCatalogue(missing)).isEmpty();
        assertThat(backbone.graph(missing).paramCount()).isEqualTo(3_766_048L);
        assertThat(MobileNetV2Backbone.whyNoImagenetWeights(missing)).get().asString()
                .contains("alpha = 1.3").contains("160x160")
                .contains("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.3_160_no_top.h5")
                .contains("224x224").contains("weights = none");
        assertThat(MobileNetV2Backbone.whyNoImagenetWeights(BackboneSpec.of(160, 160, 1.0))).isEmpty();
        assertThat(MobileNetV2Backbone.whyNoImagenetWeights(BackboneSpec.of(170, 170, 1.4))).isEmpty();
        assertThat(MobileNetV2Backbone.whyNoImagenetWeights(BackboneSpec.of(160, 160, 0.6))).get().asString()
                .contains("alpha = 0.6");
    }

    @Test
    void rejectsUnsupportedAlphaNamingTheAllowedValues() {
        for (double alpha : new double[] {0.6, 0.0, 2.0, 1.35}) {
            assertThatThrownBy(() -> graph(224, 224, alpha)).isInstanceOf(TlConfigException.class)
                    .hasMessageContaining("mobilenet_v2").hasMessageContaining("alpha = " + alpha)
                    .hasMessageContaining("0.35, 0.5, 0.75, 1.0, 1.3, 1.4");
        }
        assertThatThrownBy(() -> backbone.weightCatalogue(BackboneSpec.of(224, 224, 0.25)))
                .isInstanceOf(TlConfigException.class);
    }

    @Test
    void rejectsInputsSmallerThan32() {
        assertThatThrownBy(() -> graph(31, 31, 1.0)).isInstanceOf(TlConfigException.class)
                .hasMessageContaining("mobilenet_v2").hasMessageContaining("[31, 31]")
                .hasMessageContaining("at least 32");
        assertThatThrownBy(() -> backbone.layerGroups(BackboneSpec.of(160, 16, 1.0)))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("[160, 16]");
    }
}
