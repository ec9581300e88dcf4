package org.tl4j.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tl4j.api.BackendException;
import org.tl4j.api.DataException;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Add;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.DepthwiseConv2D;
import org.tl4j.api.graph.External;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.MaxPool;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.graph.ZeroPadding;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.backbones.MobileNetV2Backbone;
import org.tl4j.backbones.PixelsBackbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.OptimizerSpec;

/** Layer semantics on tiny hand-built graphs whose outputs can be worked out by hand. */
final class GraphCompilerTests {
    private static BackendEngine engine;

    @BeforeAll
    static void open() {
        engine = TestEngines.cpu();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Tensor run(Graph g, Weights w, Tensor x) {
        try (CompiledModel m = engine.compile(g, w, Set.of(), null)) {
            return m.predict(x);
        }
    }

    private static Tensor ones(int... shape) {
        Tensor t = Tensor.zeros(shape);
        java.util.Arrays.fill(t.data(), 1f);
        return t;
    }

    /** Keras/TF "same" with stride 2 on an even size pads only bottom/right: the corner sees 3×3 ones, not 2×2. */
    @Test
    void samePaddingPutsTheExtraPixelBottomRight() {
        GraphBuilder b = Graph.builder("same");
        String x = b.add(new Input("in", Shape.hwc(4, 4, 1)));
        b.add(Conv2D.of("conv", x, 1, 3, 2, Padding.SAME, false, ActivationFn.LINEAR));
        Graph g = b.build();
        Tensor y = run(g, Weights.of(Map.of("conv/kernel", ones(3, 3, 1, 1))), ones(1, 4, 4, 1));
        assertThat(y.shape()).containsExactly(1, 2, 2, 1);
        assertThat(y.data()).containsExactly(9f, 6f, 6f, 4f);
    }

    @Test
    void zeroPaddingAndSameMaxPool() {
        GraphBuilder b = Graph.builder("pad");
        String x = b.add(new Input("in", Shape.hwc(2, 2, 1)));
        x = b.add(new ZeroPadding("pad", x, 1, 0, 0, 2));
        b.add(MaxPool.of("pool", x, 2, 2, Padding.SAME));
        float[] in = {-1, -2, -3, -4};
        Tensor y = run(b.build(), Weights.empty(), Tensor.of(in, 1, 2, 2, 1));
        // padded 3×4: [0 0 0 0; -1 -2 0 0; -3 -4 0 0]; 2×2 windows (SAME adds a bottom row of -inf)
        assertThat(y.shape()).containsExactly(1, 2, 2, 1);
        assertThat(y.data()).containsExactly(0f, 0f, -3f, 0f);
    }

    @Test
    void addOfThreeInputsSigmoidAndDenseWithoutBias() {
        GraphBuilder b = Graph.builder("add");
        String x = b.add(new Input("in", Shape.of(2)));
        String s = b.add(new Activation("sig", x, ActivationFn.SIGMOID));
        String r = b.add(new Activation("relu", x, ActivationFn.RELU));
        String sum = b.add(new Add("add", List.of(x, s, r)));
        b.add(new Dense("dense", sum, 1, false, ActivationFn.LINEAR));
        Tensor y = run(b.build(), Weights.of(Map.of("dense/kernel", Tensor.of(new float[] {1, 10}, 2, 1))),
                Tensor.of(new float[] {0, -2}, 1, 2));
        double expected = (0 + 0.5 + 0) + 10 * (-2 + 1 / (1 + Math.exp(2)) + 0);
        assertThat(y.data()[0]).isCloseTo((float) expected, within(1e-5f));
    }

    /** Folding a BatchNorm into a biased conv and into a depthwise conv with multiplier 2 changes nothing. */
    @Test
    void foldedBatchNormEqualsUnfolded() {
        GraphBuilder b = Graph.builder("fold");
        String x = b.add(new Input("in", Shape.hwc(5, 5, 3)));
        x = b.add(Conv2D.of("conv", x, 4, 3, 1, Padding.SAME, true, ActivationFn.LINEAR));
        x = b.add(new BatchNorm("conv_bn", x, 1e-3, 0.99));
        x = b.add(new DepthwiseConv2D("dw", x, 3, 3, 2, 2, Padding.VALID, 2, false, ActivationFn.LINEAR));
        b.add(new BatchNorm("dw_bn", x, 1e-5, 0.99));
        Graph g = b.build();
        Weights w = Initializers.parity(g, 3);
        Tensor x0 = Tensor.of(Initializers.uniform("x", 75, 3), 1, 5, 5, 3);
        Tensor folded = run(g, w, x0);
        Set<String> all = g.nodes().stream().map(Node::name).collect(Collectors.toSet());
        Tensor unfolded;
        try (CompiledModel m = engine.compile(g, w, all, null)) {
            unfolded = m.predict(x0);
        }
        assertThat(folded.shape()).containsExactly(1, 2, 2, 8);
        assertThat(folded.maxAbsDiff(unfolded)).isLessThan(1e-5f * unfolded.maxAbs());
    }

    @Test
    void unknownInputSizeRunsAnySize() {
        Graph g = new MobileNetV2Backbone().graph(BackboneSpec.of(-1, -1, 0.35));
        Weights w = Initializers.parity(g, ParityFixtures.seed());
        ParityFixtures.Case c = ParityFixtures.load("mobilenet_v2_a035_32");
        Tensor y = run(g, w, c.input());
        assertThat(y.maxAbsDiff(c.expected())).isLessThan(1e-4f * c.expected().maxAbs());
    }

    /** A graph whose output is its input (alone, or through a linear activation) returns what it is fed. */
    @Test
    void passThroughGraphsReturnTheirInput() {
        GraphBuilder alone = Graph.builder("identity");
        alone.add(new Input("in", Shape.hwc(2, 2, 1)));
        GraphBuilder linear = Graph.builder("linear");
        String x = linear.add(new Input("in", Shape.hwc(2, 2, 1)));
        linear.add(new Activation("act", x, ActivationFn.LINEAR));
        float[] in = {1, -2, 3, -4};
        for (GraphBuilder b : List.of(alone, linear)) {
            Tensor y = run(b.build(), Weights.empty(), Tensor.of(in.clone(), 1, 2, 2, 1));
            assertThat(y.data()).containsExactly(in);
        }
    }

    @Test
    void externalNodesAreRefused() {
        GraphBuilder b = Graph.builder("ext");
        String x = b.add(new Input("in", Shape.hwc(8, 8, 3)));
        b.add(new External("vit", x, "onnx", "vit.onnx", Map.of(), Shape.of(16)));
        assertThatThrownBy(() -> engine.compile(b.build(), Weights.empty(), Set.of(), null))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("'vit'")
                .hasMessageContaining("not supported by the tensorflow backend; use djl");
    }

    @Test
    void wrongBatchShapeIsAClearError() {
        GraphBuilder b = Graph.builder("small");
        b.add(new Input("in", Shape.hwc(4, 4, 1)));
        try (CompiledModel m = engine.compile(b.build(), Weights.empty(), Set.of(), null)) {
            assertThatThrownBy(() -> m.predict(ones(1, 5, 4, 1)))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("expects batches of 4×4×1");
        }
    }

    @Test
    void unknownTrainableLayerIsAClearError() {
        GraphBuilder b = Graph.builder("small");
        b.add(new Input("in", Shape.hwc(4, 4, 1)));
        assertThatThrownBy(() -> engine.compile(b.build(), Weights.empty(), Set.of("nope"), OptimizerSpec.adam(1)))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("[nope] are not layers of graph 'small'");
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
        Tensor y = run(g, Weights.empty(), image);
        assertThat(y.shape()).containsExactly(1, 768);
        assertThat(y.data()).containsExactly(expected, within(1e-6f));
    }
}
