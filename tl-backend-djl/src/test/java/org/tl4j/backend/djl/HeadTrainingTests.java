package org.tl4j.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tl4j.api.DataException;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Dropout;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.backend.djl.engine.DjlEngine;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.OptimizerSpec;

/**
 * The JVM head trainer: gradients against finite differences, each optimizer against an independent double-precision
 * implementation of Keras's rule, sample weights, L2, determinism and checkpoint/resume.
 */
class HeadTrainingTests {
    private static final int[] LABELS = {0, 2, 1, 2, 0, 1, 1, 2};
    private static DjlEngine engine;

    @BeforeAll
    static void open() {
        engine = TestEngines.cpu();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** Input(6) → Dense(5, relu) → Dropout → Dense(3, softmax). */
    private static Graph mlp(double dropout) {
        GraphBuilder b = Graph.builder("mlp");
        String x = b.add(new Input("features", Shape.of(6)));
        x = b.add(new Dense("hidden", x, 5, true, ActivationFn.RELU));
        x = b.add(new Dropout("drop", x, dropout));
        b.add(new Dense("predictions", x, 3, true, ActivationFn.SOFTMAX));
        return b.build();
    }

    private static final Set<String> TRAINABLE = Set.of("hidden", "drop", "predictions");

    private static Tensor batch() {
        return TestEngines.uniform(11, LABELS.length, 6);
    }

    /** The gradient at {@code w}: one SGD step with learning rate 1 moves each weight by −g. */
    private static Map<String, double[]> gradient(Graph g, Weights w, float[] sampleWeights) {
        try (CompiledModel m = engine.compile(g, w, TRAINABLE, OptimizerSpec.sgd(1.0, 0))) {
            m.trainStep(batch(), LABELS, sampleWeights);
            Map<String, double[]> out = new LinkedHashMap<>();
            m.weights().asMap().forEach((k, after) -> {
                float[] before = w.get(k).data();
                double[] d = new double[before.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = (double) before[i] - after.data()[i];
                }
                out.put(k, d);
            });
            return out;
        }
    }

    private static double loss(Graph g, Weights w) {
        try (CompiledModel m = engine.compile(g, w, Set.of(), null)) {
            return m.loss(batch(), LABELS);
        }
    }

    private static Weights perturbed(Weights w, String name, int index, float delta) {
        Map<String, Tensor> m = new LinkedHashMap<>(w.asMap());
        Tensor t = m.get(name).copy();
        t.data()[index] += delta;
        m.put(name, t);
        return Weights.of(m);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Graph g = mlp(0);
        Weights w = Initializers.parity(g, 3);
        Map<String, double[]> grad = gradient(g, w, null);
        float eps = 1e-2f;
        for (String name : w.names()) {
            for (int i = 0; i < w.get(name).size(); i += 3) {
                double numeric = (loss(g, perturbed(w, name, i, eps)) - loss(g, perturbed(w, name, i, -eps)))
                        / (2 * eps);
                assertThat(grad.get(name)[i]).as(name + "[" + i + "]").isCloseTo(numeric, within(2e-3));
            }
        }
    }

    @Test
    void sampleWeightsScaleEachExampleOfTheMeanLoss() {
        Graph g = mlp(0);
        Weights w = Initializers.parity(g, 4);
        float[] sw = {2, 0, 1, 1, 0.5f, 1, 3, 1};
        Tensor p;
        try (CompiledModel m = engine.compile(g, w, Set.of(), null)) {
            p = m.predict(batch());
        }
        double expected = 0;
        for (int r = 0; r < LABELS.length; r++) {
            expected -= sw[r] * Math.log(p.data()[r * 3 + LABELS[r]]);
        }
        expected /= LABELS.length;
        try (CompiledModel m = engine.compile(g, w, TRAINABLE, OptimizerSpec.adam(1e-3))) {
            assertThat((double) m.trainStep(batch(), LABELS, sw)).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void l2AddsTheKernelPenaltyAndItsGradient() {
        Graph g = mlp(0);
        Weights w = Initializers.parity(g, 5);
        double l2 = 0.01;
        double penalty = 0;
        for (String k : List.of("hidden/kernel", "predictions/kernel")) {
            for (float v : w.get(k).data()) {
                penalty += l2 * v * v;
            }
        }
        Map<String, double[]> plain = gradient(g, w, null);
        try (CompiledModel m = engine.compile(g, w, TRAINABLE, OptimizerSpec.sgd(1.0, 0).withL2(l2))) {
            assertThat((double) m.trainStep(batch(), LABELS, null)).isCloseTo(loss(g, w) + penalty, within(1e-5));
            Weights after = m.weights();
            for (String name : w.names()) {
                float[] before = w.get(name).data();
                boolean kernel = name.endsWith("/kernel");
                for (int i = 0; i < before.length; i++) {
                    double expected = plain.get(name)[i] + (kernel ? 2 * l2 * before[i] : 0);
                    assertThat((double) before[i] - after.get(name).data()[i]).isCloseTo(expected, within(1e-6));
                }
            }
        }
    }

    /** An independent double-precision Keras optimizer on one weight array. */
    private interface Rule {
        void apply(double[] w, double[] g, Map<String, double[]> slots, int t);
    }

    private static void assertFollowsRule(OptimizerSpec spec, Rule rule) {
        Graph g = mlp(0);
        Weights start = Initializers.parity(g, 6);
        Map<String, double[]> expected = new HashMap<>();
        Map<String, Map<String, double[]>> slots = new HashMap<>();
        start.asMap().forEach((k, v) -> {
            double[] d = new double[v.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = v.data()[i];
            }
            expected.put(k, d);
            slots.put(k, new HashMap<>());
        });
        Weights current = start;
        try (CompiledModel m = engine.compile(g, start, TRAINABLE, spec)) {
            for (int t = 1; t <= 4; t++) {
                Map<String, double[]> grad = gradient(g, current, null);
                for (String k : expected.keySet()) {
                    rule.apply(expected.get(k), grad.get(k), slots.get(k), t);
                }
                m.trainStep(batch(), LABELS, null);
                current = m.weights();
                for (String k : expected.keySet()) {
                    float[] actual = current.get(k).data();
                    for (int i = 0; i < actual.length; i++) {
                        assertThat((double) actual[i]).as(spec.kind() + " step " + t + " " + k + "[" + i + "]")
                                .isCloseTo(expected.get(k)[i], within(2e-5));
                    }
                }
            }
        }
    }

    @Test
    void adamFollowsKerasRule() {
        double lr = 0.01;
        assertFollowsRule(OptimizerSpec.adam(lr), (w, g, s, t) -> {
            double[] m = s.computeIfAbsent("m", k -> new double[w.length]);
            double[] v = s.computeIfAbsent("v", k -> new double[w.length]);
            double alpha = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            for (int i = 0; i < w.length; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                w[i] -= alpha * m[i] / (Math.sqrt(v[i]) + 1e-7);
            }
        });
    }

    @Test
    void sgdWithMomentumFollowsKerasRule() {
        double lr = 0.1;
        assertFollowsRule(OptimizerSpec.sgd(lr, 0.9), (w, g, s, t) -> {
            double[] m = s.computeIfAbsent("m", k -> new double[w.length]);
            for (int i = 0; i < w.length; i++) {
                m[i] = 0.9 * m[i] - lr * g[i];
                w[i] += m[i];
            }
        });
    }

    @Test
    void rmspropFollowsKerasRule() {
        double lr = 0.001;
        assertFollowsRule(OptimizerSpec.rmsprop(lr), (w, g, s, t) -> {
            double[] v = s.computeIfAbsent("v", k -> new double[w.length]);
            for (int i = 0; i < w.length; i++) {
                v[i] = 0.9 * v[i] + 0.1 * g[i] * g[i];
                w[i] -= lr * g[i] / Math.sqrt(v[i] + 1e-7);
            }
        });
    }

    private static Weights train(Weights w, int steps, Weights state, Map<String, Tensor> stateOut) {
        try (CompiledModel m = engine.compile(mlp(0.5), w, TRAINABLE, OptimizerSpec.adam(0.01))) {
            if (state != null) {
                m.loadOptimizerState(state);
            }
            for (int i = 0; i < steps; i++) {
                m.trainStep(batch(), LABELS, null);
            }
            if (stateOut != null) {
                stateOut.putAll(m.optimizerState().asMap());
            }
            return m.weights();
        }
    }

    @Test
    void trainingWithDropoutIsDeterministicAndResumesExactly() {
        Weights start = Initializers.parity(mlp(0.5), 8);
        Weights straight = train(start, 6, null, null);
        assertThat(train(start, 6, null, null).asMap()).isEqualTo(straight.asMap());

        Map<String, Tensor> state = new LinkedHashMap<>();
        Weights half = train(start, 3, null, state);
        assertThat(state).containsKeys("iterations", "hidden/kernel/momentum", "predictions/bias/velocity");
        assertThat(state.get("iterations").data()).containsExactly(3f);
        Weights resumed = train(half, 3, Weights.of(state), null);
        assertThat(resumed.asMap()).isEqualTo(straight.asMap());
    }

    @Test
    void dropoutIsOffForPredictionsAndLoss() {
        Graph g = mlp(0.5);
        Weights w = Initializers.parity(g, 9);
        try (CompiledModel m = engine.compile(g, w, TRAINABLE, OptimizerSpec.adam(0.01))) {
            assertThat(m.predict(batch())).isEqualTo(m.predict(batch()));
            assertThat(m.loss(batch(), LABELS)).isEqualTo(m.loss(batch(), LABELS));
            assertThat(TestEngines.relativeError(m.predict(batch()), ReferenceNetwork.run(g, w, batch())))
                    .isLessThan(1e-6);
        }
    }

    @Test
    void badLabelsAndSampleWeightsAreDataErrors() {
        Graph g = mlp(0);
        try (CompiledModel m = engine.compile(g, Initializers.parity(g, 1), TRAINABLE, OptimizerSpec.adam(0.01))) {
            assertThatThrownBy(() -> m.trainStep(batch(), new int[] {0, 1}, null)).isInstanceOf(DataException.class)
                    .hasMessageContaining("2 labels for a batch of 8");
            assertThatThrownBy(() -> m.trainStep(batch(), new int[] {0, 1, 2, 3, 0, 0, 0, 0}, null))
                    .isInstanceOf(DataException.class).hasMessageContaining("label 3 is out of range");
            assertThatThrownBy(() -> m.trainStep(batch(), LABELS, new float[3])).isInstanceOf(DataException.class)
                    .hasMessageContaining("3 sample weights");
        }
    }
}
