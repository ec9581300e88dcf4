package org.tl4j.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tl4j.api.BackendException;
import org.tl4j.api.DataException;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Dropout;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.backbones.MobileNetV2Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.Freezer;
import org.tl4j.spi.Head;
import org.tl4j.spi.OptimizerSpec;

/** Head training, the Keras optimizer rules, the loss, dropout, optimizer state and fine-tuning. */
final class TrainingTests {
    private static final int FEATURES = 16;
    private static final int CLASSES = 4;
    private static BackendEngine engine;

    @BeforeAll
    static void open() {
        engine = TestEngines.cpu();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** Input(16) → Dropout → Dense(4, softmax), the seed head on pooled features. */
    private static Graph head(double dropout) {
        GraphBuilder b = Graph.builder("head");
        String x = b.add(new Input("features", Shape.of(FEATURES)));
        if (dropout > 0) {
            x = b.add(new Dropout("dropout", x, dropout));
        }
        b.add(new Dense("dense", x, CLASSES, true, ActivationFn.SOFTMAX));
        return b.build();
    }

    /** Gaussian blobs around well separated class centres. */
    private record Data(Tensor x, int[] y) {
        static Data blobs(int n, long seed) {
            Random centres = new Random(1);
            float[][] mu = new float[CLASSES][FEATURES];
            for (float[] m : mu) {
                for (int j = 0; j < FEATURES; j++) {
                    m[j] = (float) centres.nextGaussian() * 2;
                }
            }
            Random r = new Random(seed);
            float[] x = new float[n * FEATURES];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextInt(CLASSES);
                for (int j = 0; j < FEATURES; j++) {
                    x[i * FEATURES + j] = mu[y[i]][j] + (float) r.nextGaussian();
                }
            }
            return new Data(Tensor.of(x, n, FEATURES), y);
        }

        Data batch(int from, int to) {
            return new Data(x.slice(from, to), java.util.Arrays.copyOfRange(y, from, to));
        }
    }

    private static double accuracy(CompiledModel m, Data d) {
        Tensor p = m.predict(d.x());
        int correct = 0;
        for (int i = 0; i < d.y().length; i++) {
            float[] row = p.row(i);
            int best = 0;
            for (int k = 1; k < row.length; k++) {
                best = row[k] > row[best] ? k : best;
            }
            correct += best == d.y()[i] ? 1 : 0;
        }
        return correct / (double) d.y().length;
    }

    private static OptimizerSpec optimizer(OptimizerSpec.Kind kind) {
        return switch (kind) {
            case ADAM -> OptimizerSpec.adam(0.01);
            case SGD -> OptimizerSpec.sgd(0.05, 0.9);
            case RMSPROP -> OptimizerSpec.rmsprop(0.01);
        };
    }

    @ParameterizedTest
    @EnumSource(OptimizerSpec.Kind.class)
    void headLearnsSeparableFeatures(OptimizerSpec.Kind kind) {
        Graph g = head(0.2);
        Data train = Data.blobs(512, 2);
        Data test = Data.blobs(256, 3);
        try (CompiledModel m = engine.compile(g, Initializers.keras(g, 5), Set.of("dense"), optimizer(kind))) {
            double before = accuracy(m, test);
            float first = 0;
            float last = 0;
            for (int epoch = 0; epoch < 5; epoch++) {
                for (int i = 0; i < 512; i += 32) {
                    Data b = train.batch(i, i + 32);
                    last = m.trainStep(b.x(), b.y(), null);
                    first = epoch == 0 && i == 0 ? last : first;
                }
            }
            double after = accuracy(m, test);
            System.out.printf("head %-8s accuracy %.3f → %.3f, loss %.3f → %.3f%n", kind.id(), before, after, first,
                    last);
            assertThat(after).isGreaterThan(0.95);
            assertThat(last).isLessThan(first);
        }
    }

    /** Loss and one update per optimizer, against the Keras rules written out in Java. */
    @ParameterizedTest
    @EnumSource(OptimizerSpec.Kind.class)
    void stepsFollowTheKerasRules(OptimizerSpec.Kind kind) {
        Graph g = head(0);
        Weights w0 = Initializers.parity(g, 9);
        Data d = Data.blobs(8, 4);
        float[] sampleWeights = {1, 2, 0.5f, 1, 1, 0, 1, 3};
        OptimizerSpec spec = (kind == OptimizerSpec.Kind.SGD ? OptimizerSpec.sgd(0.1, 0.9)
                : kind == OptimizerSpec.Kind.ADAM ? OptimizerSpec.adam(0.01) : OptimizerSpec.rmsprop(0.01))
                .withL2(0.01);
        KerasReference ref = new KerasReference(spec, w0.get("dense/kernel").data().clone(),
                w0.get("dense/bias").data().clone());
        try (CompiledModel m = engine.compile(g, w0, Set.of("dense"), spec)) {
            for (int step = 1; step <= 3; step++) {
                float expectedLoss = ref.lossAndStep(d.x().data(), d.y(), sampleWeights, step);
                assertThat(m.trainStep(d.x(), d.y(), sampleWeights)).isCloseTo(expectedLoss, within(1e-5f));
            }
            Weights w = m.weights();
            assertClose(w.get("dense/kernel").data(), ref.kernel);
            assertClose(w.get("dense/bias").data(), ref.bias);
            assertThat(m.optimizerState().get("iterations").data()).containsExactly(3f);
        }
    }

    private static void assertClose(float[] actual, float[] expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(2e-6f));
        }
    }

    @Test
    void lossIsSparseCategoricalCrossEntropyOnTheSoftmax() {
        Graph g = head(0.5);
        Data d = Data.blobs(16, 6);
        try (CompiledModel m = engine.compile(g, Initializers.parity(g, 1), Set.of(), null)) {
            Tensor p = m.predict(d.x());
            double expected = 0;
            for (int i = 0; i < 16; i++) {
                expected -= Math.log(p.row(i)[d.y()[i]]) / 16;
            }
            assertThat(m.loss(d.x(), d.y())).isCloseTo((float) expected, within(1e-5f));
            assertThatThrownBy(() -> m.trainStep(d.x(), d.y(), null))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("compiled without an optimizer");
            assertThatThrownBy(() -> m.loss(d.x(), new int[16 - 1]))
                    .isInstanceOf(DataException.class).hasMessageContaining("15 labels for a batch of 16");
            int[] bad = d.y().clone();
            bad[3] = CLASSES;
            assertThatThrownBy(() -> m.loss(d.x(), bad))
                    .isInstanceOf(DataException.class).hasMessageContaining("label 4 is out of range");
        }
    }

    @Test
    void dropoutActsOnlyWhileTraining() {
        Graph g = head(0.5);
        Data d = Data.blobs(64, 7);
        try (CompiledModel m = engine.compile(g, Initializers.parity(g, 1), Set.of("dense"),
                OptimizerSpec.adam(0.01))) {
            m.setLearningRate(0);
            Tensor p = m.predict(d.x());
            float inference = m.loss(d.x(), d.y());
            Set<Float> trainingLosses = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                trainingLosses.add(m.trainStep(d.x(), d.y(), null));
            }
            assertThat(trainingLosses).hasSize(4).doesNotContain(inference);
            assertThat(m.predict(d.x())).isEqualTo(p);
            assertThat(m.loss(d.x(), d.y())).isEqualTo(inference);
        }
    }

    @Test
    void optimizerStateRestoresTraining() {
        Graph g = head(0);
        Data d = Data.blobs(32, 8);
        OptimizerSpec adam = OptimizerSpec.adam(0.01);
        try (CompiledModel a = engine.compile(g, Initializers.parity(g, 2), Set.of("dense"), adam)) {
            a.trainStep(d.x(), d.y(), null);
            a.trainStep(d.x(), d.y(), null);
            Weights state = a.optimizerState();
            assertThat(state.names()).containsExactly("iterations", "dense/kernel/momentum",
                    "dense/kernel/velocity", "dense/bias/momentum", "dense/bias/velocity");
            try (CompiledModel b = engine.compile(g, a.weights(), Set.of("dense"), adam)) {
                b.loadOptimizerState(state);
                float la = a.trainStep(d.x(), d.y(), null);
                float lb = b.trainStep(d.x(), d.y(), null);
                assertThat(lb).isEqualTo(la);
                assertThat(b.weights().asMap()).isEqualTo(a.weights().asMap());
                assertThat(b.optimizerState().asMap()).isEqualTo(a.optimizerState().asMap());
            }
        }
    }

    /**
     * Fine-tuning MobileNetV2 (alpha 0.35, 32×32) from {@code block_16_expand} with the seed head: every frozen weight
     * stays bit-identical, every trainable weight changes, and the moving statistics of unfrozen BatchNorm layers do
     * not move (Keras {@code training=False}).
     */
    @Test
    void fineTuningChangesOnlyTheUnfrozenWeights() {
        MobileNetV2Backbone backbone = new MobileNetV2Backbone();
        BackboneSpec spec = BackboneSpec.of(32, 32, 0.35);
        Graph base = backbone.graph(spec);
        Graph head = provider(Head.class, "linear").build(base.outputShape(), 3, ConfigFactory.empty());
        Graph g = base.then(head);
        Set<String> trainable = new HashSet<>(provider(Freezer.class, "from-layer").trainableLayers(base,
                backbone.layerGroups(spec), ConfigFactory.parseMap(Map.of("layer", "block_16_expand"))));
        head.nodes().stream().skip(1).map(Node::name).forEach(trainable::add);
        Weights before = Initializers.parity(g, 11);
        Tensor images = Tensor.of(Initializers.uniform("images", 4 * 32 * 32 * 3, 11), 4, 32, 32, 3);
        int[] labels = {0, 1, 2, 1};
        try (CompiledModel m = engine.compile(g, before, trainable, OptimizerSpec.rmsprop(1e-3))) {
            assertThat(m.toString()).contains(" 48 BatchNorm layers folded");
            for (int i = 0; i < 3; i++) {
                m.trainStep(images, labels, null);
            }
            Weights after = m.weights();
            assertThat(after.names()).containsExactlyElementsOf(before.names());
            List<String> changed = before.names().stream()
                    .filter(n -> !after.get(n).equals(before.get(n))).toList();
            List<String> shouldChange = before.names().stream()
                    .filter(n -> trainable.contains(Weights.layerOf(n)) && !n.endsWith("/moving_mean")
                            && !n.endsWith("/moving_variance")).toList();
            assertThat(shouldChange).contains("block_16_expand/kernel", "block_16_depthwise_BN/gamma",
                    "Conv_1_bn/beta", "dense/kernel", "dense/bias");
            assertThat(changed).containsExactlyInAnyOrderElementsOf(shouldChange);
        }
    }

    private static <T extends org.tl4j.spi.Provider> T provider(Class<T> kind, String id) {
        return ServiceLoader.load(kind).stream().map(ServiceLoader.Provider::get).filter(p -> p.id().equals(id))
                .findFirst().orElseThrow();
    }
}
