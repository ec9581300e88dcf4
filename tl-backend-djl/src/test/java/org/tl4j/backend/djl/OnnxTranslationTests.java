package org.tl4j.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Add;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.DepthwiseConv2D;
import org.tl4j.api.graph.Dropout;
import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.MaxPool;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.graph.ZeroPadding;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.backbones.PixelsBackbone;
import org.tl4j.backend.djl.engine.DjlEngine;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.CompiledModel;

/** The ONNX translation of hand-built graphs against the plain-Java reference, layer kind by layer kind. */
class OnnxTranslationTests {
    private static final double TOLERANCE = 1e-5;
    private static DjlEngine engine;

    @BeforeAll
    static void open() {
        engine = TestEngines.cpu();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static void assertMatchesReference(Graph g, Tensor batch) {
        Weights w = Initializers.parity(g, 7);
        try (CompiledModel m = engine.compile(g, w, Set.of(), null)) {
            Tensor actual = m.predict(batch);
            Tensor expected = ReferenceNetwork.run(g, w, batch);
            assertThat(actual.shape()).containsExactly(expected.shape());
            assertThat(expected.maxAbs()).as("activations neither collapsed nor overflowing").isBetween(0.05f, 1e6f);
            assertThat(TestEngines.relativeError(actual, expected)).as(g.name()).isLessThan(TOLERANCE);
        }
    }

    /** The Keras backbones of tl-backbones (through their Backbone provider), odd sizes included. */
    @ParameterizedTest(name = "{0} alpha {1} at {2}×{3}")
    @CsvSource({"mobilenet_v2, 0.35, 33, 35", "mobilenet_v2, 1.0, 32, 32", "resnet50, 1.0, 35, 33", "vgg16, 1.0, 32, 35"})
    void kerasBackbonesMatchTheReference(String id, double alpha, int h, int w) {
        Backbone backbone = java.util.ServiceLoader.load(Backbone.class).stream().map(p -> p.get())
                .filter(b -> b.id().equals(id)).findFirst().orElseThrow();
        assertMatchesReference(backbone.graph(BackboneSpec.of(h, w, alpha)), TestEngines.uniform(h, 1, h, w, 3));
    }

    @Test
    void stridedSamePaddingOnOddSizesIsAsymmetricAndFoldsBatchNorm() {
        GraphBuilder b = Graph.builder("stem");
        String x = b.add(new Input("in", Shape.hwc(13, 11, 3)));
        x = b.add(Conv2D.of("conv", x, 8, 3, 2, Padding.SAME, false, ActivationFn.LINEAR));
        x = b.add(new BatchNorm("conv_bn", x, 1e-3, 0.999));
        x = b.add(new Activation("conv_relu", x, ActivationFn.RELU6));
        x = b.add(new DepthwiseConv2D("dw", x, 3, 3, 2, 2, Padding.SAME, 2, true, ActivationFn.LINEAR));
        x = b.add(new BatchNorm("dw_bn", x, 1.001e-5, 0.99));
        x = b.add(new Activation("dw_relu", x, ActivationFn.RELU));
        x = b.add(Conv2D.of("project", x, 6, 1, 1, Padding.SAME, true, ActivationFn.LINEAR));
        b.add(new BatchNorm("project_bn", x, 1e-3, 0.999));
        assertMatchesReference(b.build(), TestEngines.uniform(1, 2, 13, 11, 3));
    }

    @Test
    void explicitPaddingPoolingResidualAddAndDenseHead() {
        GraphBuilder b = Graph.builder("resnetish");
        String x = b.add(new Input("in", Shape.hwc(17, 15, 3)));
        x = b.add(new ZeroPadding("pad", x, 3, 3, 2, 1));
        x = b.add(Conv2D.of("conv1", x, 8, 7, 2, Padding.VALID, true, ActivationFn.LINEAR));
        x = b.add(new BatchNorm("bn1", x, 1.001e-5, 0.99));
        x = b.add(new Activation("relu1", x, ActivationFn.RELU));
        x = b.add(new ZeroPadding("pool_pad", x, 1, 1, 1, 1));
        String pooled = b.add(MaxPool.of("pool", x, 3, 2, Padding.VALID));
        x = b.add(Conv2D.of("conv2", pooled, 8, 3, 1, Padding.SAME, true, ActivationFn.LINEAR));
        x = b.add(new BatchNorm("bn2", x, 1.001e-5, 0.99));
        x = b.add(new Add("add", List.of(pooled, x)));
        x = b.add(new Activation("out", x, ActivationFn.RELU));
        x = b.add(MaxPool.of("pool_same", x, 2, 2, Padding.SAME));
        x = b.add(new GlobalAveragePool("gap", x));
        x = b.add(new Dropout("drop", x, 0.3));
        x = b.add(new Dense("hidden", x, 5, true, ActivationFn.RELU));
        b.add(new Dense("probs", x, 4, true, ActivationFn.SOFTMAX));
        assertMatchesReference(b.build(), TestEngines.uniform(2, 3, 17, 15, 3));
    }

    @Test
    void batchNormAfterAnActivationAndRectangularWindows() {
        GraphBuilder b = Graph.builder("unfoldable");
        String x = b.add(new Input("in", Shape.hwc(12, 9, 4)));
        x = b.add(new Conv2D("conv", x, 6, 5, 3, 2, 1, Padding.SAME, true, ActivationFn.RELU));
        x = b.add(new BatchNorm("bn", x, 1e-3, 0.99));
        x = b.add(new Conv2D("conv2", x, 5, 3, 2, 1, 2, Padding.VALID, false, ActivationFn.SIGMOID));
        b.add(new MaxPool("pool", x, 2, 3, 1, 2, Padding.SAME));
        assertMatchesReference(b.build(), TestEngines.uniform(3, 2, 12, 9, 4));
    }

    @Test
    void inputSizeKnownOnlyAtRunTimeUsesSameUpperPadding() {
        GraphBuilder b = Graph.builder("dynamic");
        String x = b.add(new Input("in", Shape.hwc(Shape.UNKNOWN, Shape.UNKNOWN, 3)));
        x = b.add(Conv2D.of("conv", x, 4, 3, 2, Padding.SAME, true, ActivationFn.RELU6));
        b.add(MaxPool.of("pool", x, 3, 2, Padding.SAME));
        Graph g = b.build();
        Weights w = Initializers.parity(g, 3);
        try (CompiledModel m = engine.compile(g, w, Set.of(), null)) {
            for (int[] hw : new int[][] {{9, 7}, {10, 12}}) {
                Tensor batch = TestEngines.uniform(hw[0], 2, hw[0], hw[1], 3);
                Tensor expected = ReferenceNetwork.run(Graph.of("static", List.of(
                        new Input("in", Shape.hwc(hw[0], hw[1], 3)), g.nodes().get(1), g.nodes().get(2))), w, batch);
                assertThat(TestEngines.relativeError(m.predict(batch), expected)).isLessThan(TOLERANCE);
            }
        }
    }

    @Test
    void largeBatchesAreSplitAndReassembledInOrder() {
        GraphBuilder b = Graph.builder("split");
        String x = b.add(new Input("in", Shape.hwc(5, 5, 2)));
        b.add(Conv2D.of("conv", x, 3, 3, 1, Padding.SAME, true, ActivationFn.LINEAR));
        Graph g = b.build();
        Weights w = Initializers.parity(g, 5);
        Tensor batch = TestEngines.uniform(9, 150, 5, 5, 2);
        try (CompiledModel m = engine.compile(g, w, Set.of(), null)) {
            assertThat(TestEngines.relativeError(m.predict(batch), ReferenceNetwork.run(g, w, batch)))
                    .isLessThan(TOLERANCE);
        }
    }

    /**
     * The pixels backbone averages 2×2 windows of a 32×32 image and flattens the 16×16×3 grid in height-width-channel
     * order, as Keras's Flatten does: the same vector on both backends, so a head trained on one runs on the other.
     */
    @Test
    void pixelsBackboneAveragesToA16By16GridInKerasOrder() {
        Graph g = new PixelsBackbone().graph(BackboneSpec.of(32, 32, 1.0));
        Tensor image = Tensor.zeros(1, 32, 32, 3);
        float[] x = image.data();
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 37 % 101) / 101f;
        }
        float[] expected = new float[16 * 16 * 3];
        for (int r = 0; r < 32; r++) {
            for (int col = 0; col < 32; col++) {
                for (int c = 0; c < 3; c++) {
                    expected[((r / 2) * 16 + col / 2) * 3 + c] += x[(r * 32 + col) * 3 + c] / 4;
                }
            }
        }
        try (CompiledModel m = engine.compile(g, Weights.empty(), Set.of(), null)) {
            Tensor y = m.predict(image);
            assertThat(y.shape()).containsExactly(1, 768);
            assertThat(y.data()).containsExactly(expected, within(1e-6f));
        }
    }
}
