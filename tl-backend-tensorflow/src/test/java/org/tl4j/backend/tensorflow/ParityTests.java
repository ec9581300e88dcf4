package org.tl4j.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.OptimizerSpec;

/**
 * Forward parity against an independent implementation: PyTorch (float64) runs of VGG16, ResNet50 and MobileNetV2
 * (at an even and an odd input size, and with a head), written from the Keras spec by
 * {@code parity/make_parity_fixtures.py}. Acceptance: {@code max|diff| ≤ 1e-4 · max|reference|}.
 */
final class ParityTests {
    private static final double TOLERANCE = 1e-4;
    private static BackendEngine engine;

    @BeforeAll
    static void open() {
        engine = TestEngines.cpu();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static List<ParityFixtures.Case> cases() {
        return ParityFixtures.cases();
    }

    @Test
    void javaGeneratorMatchesTheScriptBitForBit() {
        float[] u = Initializers.uniform("check", 4, ParityFixtures.seed());
        int[] bits = new int[u.length];
        for (int i = 0; i < u.length; i++) {
            bits[i] = Float.floatToIntBits(u[i]);
        }
        assertThat(bits).containsExactly(ParityFixtures.checkBits());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(ParityFixtures.Case c) {
        Graph graph = c.graph();
        Weights weights = Initializers.parity(graph, ParityFixtures.seed(), c.gain());
        try (CompiledModel model = engine.compile(graph, weights, Set.of(), null)) {
            assertParity(c, model.predict(c.input()));
        }
    }

    /** With every layer trainable nothing is folded: BatchNorm runs on its own variables, and must agree too. */
    @Test
    void unfoldedBatchNormMatchesPyTorch() {
        ParityFixtures.Case c = ParityFixtures.load("mobilenet_v2_a035_35_head");
        Graph graph = c.graph();
        Set<String> all = graph.nodes().stream().map(Node::name).collect(Collectors.toSet());
        Weights weights = Initializers.parity(graph, ParityFixtures.seed(), c.gain());
        try (CompiledModel model = engine.compile(graph, weights, all, OptimizerSpec.adam(1e-3))) {
            assertThat(model.toString()).contains(" 0 BatchNorm layers folded");
            assertParity(c, model.predict(c.input()));
        }
    }

    private static void assertParity(ParityFixtures.Case c, Tensor actual) {
        Tensor expected = c.expected();
        assertThat(actual.shape()).containsExactly(expected.shape());
        float diff = actual.maxAbsDiff(expected);
        System.out.printf("parity %-28s max|ref| %.4f max|diff| %.3g (%.3g relative)%n", c.name(), expected.maxAbs(),
                diff, diff / expected.maxAbs());
        assertThat(expected.maxAbs()).as("activations of order 1").isBetween(0.5f, 10f);
        assertThat((double) diff).as("max|diff| of " + c.name()).isLessThanOrEqualTo(TOLERANCE * expected.maxAbs());
    }
}
