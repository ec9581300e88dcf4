package org.tl4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.Device;
import org.tl4j.spi.OptimizerSpec;

/**
 * The djl backend (ONNX Runtime through DJL, heads trained on the JVM) against the tensorflow backend (TensorFlow
 * Java), through the Backend SPI only: the same backbone, weights and images give the same features, and the same
 * head trained from the same initial weights on the same batches ends with the same losses. The weights are
 * {@link Initializers#parity}, whose activations stay of order 1 through every layer, so that agreement means
 * something (under a Keras random init MobileNetV2's features collapse to about 1e-8).
 */
class CrossBackendParityTests {
    /** Features: max|djl − tensorflow| ≤ this × max|tensorflow|. */
    private static final double FEATURES = 1e-4;
    /** Head training: each epoch's mean loss within this relative difference. */
    private static final double LOSSES = 1e-3;
    private static final int EPOCHS = 5;

    private static BackendEngine tensorflow;
    private static BackendEngine djl;

    @BeforeAll
    static void open() {
        tensorflow = open("tensorflow");
        djl = open("djl");
    }

    @AfterAll
    static void close() {
        djl.close();
        tensorflow.close();
    }

    private static BackendEngine open(String id) {
        return provider(Backend.class, id).open(new BackendOptions(Device.CPU, 2, 42, ConfigFactory.empty()));
    }

    private static <T extends org.tl4j.spi.Provider> T provider(Class<T> kind, String id) {
        return ServiceLoader.load(kind).stream().map(ServiceLoader.Provider::get).filter(p -> p.id().equals(id))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " '" + id + "'"));
    }

    /** RGB images in [0, 255] after the backbone's preprocessing. */
    private static Tensor images(Backbone backbone, BackboneSpec spec, int n, long seed) {
        Tensor t = Tensor.zeros(n, spec.height(), spec.width(), 3);
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(256);
        }
        backbone.preprocessing(spec).apply(d);
        return t;
    }

    private static Tensor features(BackendEngine engine, Graph graph, Weights weights, Tensor images) {
        try (CompiledModel m = engine.compile(graph, weights, Set.of(), null)) {
            return m.predict(images);
        }
    }

    static Stream<Arguments> backbones() {
        return Stream.of(
                Arguments.of("mobilenet_v2", 0.35, 35),
                Arguments.of("mobilenet_v2", 1.0, 32),
                Arguments.of("resnet50", 1.0, 33),
                Arguments.of("vgg16", 1.0, 35));
    }

    @ParameterizedTest(name = "{0} alpha {1} at {2}×{2}")
    @MethodSource("backbones")
    void featuresAgree(String id, double alpha, int size) {
        Backbone backbone = provider(Backbone.class, id);
        BackboneSpec spec = BackboneSpec.of(size, size, alpha);
        Graph graph = backbone.graph(spec);
        Weights weights = Initializers.parity(graph, 3);
        Tensor images = images(backbone, spec, 3, 5);
        Tensor reference = features(tensorflow, graph, weights, images);
        Tensor actual = features(djl, graph, weights, images);
        assertThat(actual.shape()).containsExactly(reference.shape());
        assertThat(reference.maxAbs()).as("activations neither collapsed nor overflowing").isBetween(0.1f, 1e6f);
        double relative = actual.maxAbsDiff(reference) / reference.maxAbs();
        assertThat(relative).as("%s: max|djl − tensorflow| / max|tensorflow|", graph.name()).isLessThan(FEATURES);
    }

    /** Pooled MobileNetV2 (α 0.35) features of 64 images, computed once by tensorflow and used by both heads. */
    private static Tensor pooledFeatures() {
        Backbone backbone = provider(Backbone.class, "mobilenet_v2");
        BackboneSpec spec = BackboneSpec.of(32, 32, 0.35);
        Graph base = backbone.graph(spec);
        List<org.tl4j.api.graph.Node> nodes = new ArrayList<>(base.nodes());
        nodes.add(new GlobalAveragePool("avg_pool", base.outputName()));
        Graph pooled = Graph.of(base.name(), nodes);
        return features(tensorflow, pooled, Initializers.parity(pooled, 3), images(backbone, spec, 64, 9));
    }

    /** Dense(16, relu) → Dense(4, softmax): backpropagation through a hidden layer too. No dropout. */
    private static Graph head(int features) {
        GraphBuilder b = Graph.builder("head");
        String x = b.add(new Input("features", Shape.of(features)));
        x = b.add(new Dense("hidden", x, 16, true, ActivationFn.RELU));
        b.add(new Dense("predictions", x, 4, true, ActivationFn.SOFTMAX));
        return b.build();
    }

    /** Mean loss of each epoch: batches of 16 in a fixed, seeded order per epoch. */
    private static double[] train(BackendEngine engine, Graph head, Weights init, OptimizerSpec optimizer,
            Tensor features, int[] labels) {
        double[] losses = new double[EPOCHS];
        try (CompiledModel m = engine.compile(head, init, Set.of("hidden", "predictions"), optimizer)) {
            SplittableRandom order = new SplittableRandom(11);
            int n = features.dim(0);
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                int[] perm = shuffled(n, order);
                double sum = 0;
                int steps = 0;
                for (int from = 0; from < n; from += 16) {
                    int[] idx = Arrays.copyOfRange(perm, from, Math.min(n, from + 16));
                    sum += m.trainStep(rows(features, idx), pick(labels, idx), null);
                    steps++;
                }
                losses[epoch] = sum / steps;
            }
        }
        return losses;
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of(OptimizerSpec.adam(0.01)),
                Arguments.of(OptimizerSpec.sgd(0.1, 0.9).withL2(1e-3)),
                Arguments.of(OptimizerSpec.rmsprop(0.003)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void theSameHeadTrainsToTheSameLosses(OptimizerSpec optimizer) {
        Tensor features = pooledFeatures();
        int[] labels = new int[features.dim(0)];
        SplittableRandom r = new SplittableRandom(13);
        Arrays.setAll(labels, i -> r.nextInt(4));
        Graph head = head(features.dim(1));
        Weights init = Initializers.keras(head, 17);
        double[] tf = train(tensorflow, head, init, optimizer, features, labels);
        double[] onnx = train(djl, head, init, optimizer, features, labels);
        for (int e = 0; e < EPOCHS; e++) {
            assertThat(Math.abs(onnx[e] - tf[e]) / tf[e])
                    .as("epoch %d: djl %s vs tensorflow %s", e + 1, onnx[e], tf[e]).isLessThan(LOSSES);
        }
        assertThat(tf[EPOCHS - 1]).as("the head learnt something").isLessThan(tf[0]);
    }

    private static int[] shuffled(int n, SplittableRandom r) {
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static Tensor rows(Tensor t, int[] idx) {
        int w = t.rowSize();
        float[] out = new float[idx.length * w];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(t.data(), idx[i] * w, out, i * w, w);
        }
        return Tensor.of(out, idx.length, w);
    }

    private static int[] pick(int[] labels, int[] idx) {
        return Arrays.stream(idx).map(i -> labels[i]).toArray();
    }
}
