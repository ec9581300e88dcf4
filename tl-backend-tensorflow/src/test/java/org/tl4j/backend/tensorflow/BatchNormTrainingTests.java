package org.tl4j.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.backbones.MobileNetV2Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BatchNormMode;
import org.tl4j.spi.CompileOptions;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.Head;
import org.tl4j.spi.OptimizerSpec;

/**
 * BatchNorm trained on batch statistics ({@link BatchNormMode#TRAIN}): training steps normalise with the batch's mean
 * and variance and move the moving statistics by the layer's momentum; forward passes and losses keep the moving
 * statistics; frozen layers and the default mode are untouched.
 */
final class BatchNormTrainingTests {
    private static final CompileOptions TRAIN = CompileOptions.DEFAULTS.withBatchNorm(BatchNormMode.TRAIN);
    private static final double EPS = 1e-3;
    private static final double MOMENTUM = 0.9;
    private static final int H = 2;
    private static final int W = 2;
    private static final int C = 3;
    private static BackendEngine engine;

    @BeforeAll
    static void open() {
        engine = TestEngines.cpu();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** in(2×2×3) → bn → GAP → dense(2, softmax). */
    private static Graph bnHead() {
        GraphBuilder b = Graph.builder("bn_head");
        String x = b.add(new Input("in", Shape.hwc(H, W, C)));
        x = b.add(new BatchNorm("bn", x, EPS, MOMENTUM));
        x = b.add(new GlobalAveragePool("gap", x));
        b.add(new Dense("dense", x, 2, true, ActivationFn.SOFTMAX));
        return b.build();
    }

    /** Moving statistics far from the batch's, so that the two modes give clearly different outputs. */
    private static Weights bnHeadWeights() {
        return Weights.of(Map.of(
                "bn/gamma", Tensor.of(new float[] {2, 0.5f, 1}, C),
                "bn/beta", Tensor.of(new float[] {1, -1, 0}, C),
                "bn/moving_mean", Tensor.of(new float[] {0.5f, -1, 2}, C),
                "bn/moving_variance", Tensor.of(new float[] {1, 2, 0.5f}, C),
                "dense/kernel", Tensor.of(new float[] {1, -1, 0.5f, 2, -0.3f, 0.7f}, C, 2),
                "dense/bias", Tensor.of(new float[] {0.1f, -0.1f}, 2)));
    }

    /** Eight examples whose channels have means 5, −2, 0 and spreads 3, 0.5, 1. */
    private static Tensor batch(int n, long seed) {
        float[] u = Initializers.uniform("bn-batch", n * H * W * C, seed);
        float[] x = new float[u.length];
        float[] mean = {5, -2, 0};
        float[] spread = {3, 0.5f, 1};
        for (int i = 0; i < x.length; i++) {
            x[i] = mean[i % C] + spread[i % C] * u[i] * 1.7f;
        }
        return Tensor.of(x, n, H, W, C);
    }

    /** Per-channel mean and biased variance over every axis but the last, in double. */
    private static double[][] moments(Tensor x) {
        int c = x.dim(x.rank() - 1);
        int count = x.size() / c;
        double[] mean = new double[c];
        double[] var = new double[c];
        for (int i = 0; i < x.size(); i++) {
            mean[i % c] += x.data()[i] / (double) count;
        }
        for (int i = 0; i < x.size(); i++) {
            double d = x.data()[i] - mean[i % c];
            var[i % c] += d * d / count;
        }
        return new double[][] {mean, var};
    }

    /** The mean cross-entropy of {@link #bnHead()} when its BatchNorm uses the given statistics. */
    private static double referenceLoss(Tensor x, int[] labels, Weights w, double[] mean, double[] var) {
        float[] gamma = w.get("bn/gamma").data();
        float[] beta = w.get("bn/beta").data();
        float[] k = w.get("dense/kernel").data();
        float[] bias = w.get("dense/bias").data();
        int n = x.dim(0);
        int pixels = H * W;
        double loss = 0;
        for (int e = 0; e < n; e++) {
            double[] pooled = new double[C];
            for (int p = 0; p < pixels; p++) {
                for (int c = 0; c < C; c++) {
                    double v = x.data()[(e * pixels + p) * C + c];
                    pooled[c] += ((v - mean[c]) / Math.sqrt(var[c] + EPS) * gamma[c] + beta[c]) / pixels;
                }
            }
            double[] logits = new double[2];
            for (int j = 0; j < 2; j++) {
                logits[j] = bias[j];
                for (int c = 0; c < C; c++) {
                    logits[j] += pooled[c] * k[c * 2 + j];
                }
            }
            double max = Math.max(logits[0], logits[1]);
            double logSum = max + Math.log(Math.exp(logits[0] - max) + Math.exp(logits[1] - max));
            loss += (logSum - logits[labels[e]]) / n;
        }
        return loss;
    }

    private static double[] asDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** The BatchNorm's output with the training flag at 1 and at its default 0, straight from the compiled ops. */
    @Test
    void trainingStepsNormaliseWithTheBatchStatistics() {
        GraphBuilder b = Graph.builder("bn_only");
        String in = b.add(new Input("in", Shape.hwc(H, W, C)));
        b.add(new BatchNorm("bn", in, EPS, MOMENTUM));
        Graph g = b.build();
        Weights w = bnHeadWeights().forLayers(Set.of("bn"));
        Tensor x = batch(8, 1);
        Tensor training;
        Tensor inference;
        try (org.tensorflow.Graph tfg = new org.tensorflow.Graph()) {
            Ops tf = Ops.create(tfg);
            Names names = new Names();
            VariableStore store = new VariableStore(tf, names);
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class,
                    Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, H, W, C)));
            GraphCompiler.Compiled c = GraphCompiler.compile(tf, g, input, w, Set.of("bn"), Set.of("bn"),
                    GraphCompiler.Mode.TRAINING, 1, names, store);
            assertThat(c.statisticsUpdate()).isNotNull();
            try (Session s = new Session(tfg)) {
                VariableStore.assign(s, c.initial());
                training = run(s, c.output(), input, x, c.training(), 1f);
                inference = run(s, c.output(), input, x, null, 0f);
            }
        }
        double[][] batchStats = moments(x);
        double[][] outStats = moments(training);
        float[] gamma = w.get("bn/gamma").data();
        float[] beta = w.get("bn/beta").data();
        for (int c = 0; c < C; c++) {
            double v = batchStats[1][c];
            assertThat(outStats[0][c]).as("mean of channel %d", c).isCloseTo(beta[c], within(1e-5));
            assertThat(outStats[1][c]).as("variance of channel %d", c)
                    .isCloseTo(gamma[c] * gamma[c] * v / (v + EPS), within(1e-4));
        }
        float[] mm = w.get("bn/moving_mean").data();
        float[] mv = w.get("bn/moving_variance").data();
        for (int i = 0; i < x.size(); i++) {
            int c = i % C;
            double expected = (x.data()[i] - mm[c]) / Math.sqrt(mv[c] + EPS) * gamma[c] + beta[c];
            assertThat((double) inference.data()[i]).isCloseTo(expected, within(1e-5));
        }
    }

    private static Tensor run(Session s, Operand<TFloat32> out, Placeholder<TFloat32> in, Tensor x,
            Operand<TFloat32> flag, float value) {
        try (TFloat32 xt = Tensors.toTf(x); TFloat32 ft = TFloat32.scalarOf(value)) {
            Session.Runner r = s.runner().feed(in, xt);
            if (flag != null) {
                r.feed(flag, ft);
            }
            try (Result res = r.fetch(out).run()) {
                return Tensors.fromTf((TFloat32) res.get(0));
            }
        }
    }

    /**
     * Two steps (learning rate 0, so γ and β stay): each returns the loss on batch statistics and moves the moving
     * statistics by {@code moving · 0.9 + batch · 0.1}; forward passes and losses use the moving statistics, and equal
     * an inference-only model of the returned weights.
     */
    @Test
    void movingStatisticsMoveTowardTheBatchStatisticsByTheMomentum() {
        Graph g = bnHead();
        Weights w0 = bnHeadWeights();
        Tensor x = batch(8, 2);
        int[] labels = {0, 1, 1, 0, 1, 0, 0, 1};
        double[][] bs = moments(x);
        double[] mm = asDouble(w0.get("bn/moving_mean").data());
        double[] mv = asDouble(w0.get("bn/moving_variance").data());
        try (CompiledModel m = engine.compile(g, w0, Set.of("bn", "dense"), OptimizerSpec.sgd(0.1, 0), TRAIN)) {
            m.setLearningRate(0);
            assertThat(m.toString()).contains("1 on batch statistics");
            for (int step = 0; step < 2; step++) {
                double expectedLoss = referenceLoss(x, labels, w0, bs[0], bs[1]);
                assertThat((double) m.trainStep(x, labels, null)).isCloseTo(expectedLoss, within(1e-5));
                for (int c = 0; c < C; c++) {
                    mm[c] = mm[c] * MOMENTUM + bs[0][c] * (1 - MOMENTUM);
                    mv[c] = mv[c] * MOMENTUM + bs[1][c] * (1 - MOMENTUM);
                }
            }
            Weights after = m.weights();
            float[] movingMean = after.get("bn/moving_mean").data();
            float[] movingVar = after.get("bn/moving_variance").data();
            for (int c = 0; c < C; c++) {
                assertThat((double) movingMean[c]).isCloseTo(mm[c], within(1e-5));
                assertThat((double) movingVar[c]).isCloseTo(mv[c], within(1e-4));
            }
            assertThat(after.get("bn/gamma")).isEqualTo(w0.get("bn/gamma"));
            assertThat((double) m.loss(x, labels)).isCloseTo(referenceLoss(x, labels, w0, mm, mv), within(1e-5));
            try (CompiledModel frozen = engine.compile(g, after, Set.of(), null)) {
                assertThat(m.predict(x).maxAbsDiff(frozen.predict(x))).isLessThan(1e-6f);
            }
        }
    }

    /** Before any step a TRAIN-mode model predicts as an inference-only one; the default mode trains as before. */
    @Test
    void inferenceIsUnchanged() {
        Graph g = bnHead();
        Weights w0 = bnHeadWeights();
        Tensor x = batch(8, 3);
        int[] labels = {1, 1, 0, 0, 1, 0, 1, 0};
        Set<String> trainable = Set.of("bn", "dense");
        try (CompiledModel plain = engine.compile(g, w0, Set.of(), null);
                CompiledModel train = engine.compile(g, w0, trainable, OptimizerSpec.adam(0.01), TRAIN);
                CompiledModel keras = engine.compile(g, w0, trainable, OptimizerSpec.adam(0.01))) {
            assertThat(train.predict(x).maxAbsDiff(plain.predict(x))).isLessThan(1e-6f);
            assertThat(train.loss(x, labels)).isCloseTo(plain.loss(x, labels), within(1e-6f));
            assertThat(keras.toString()).contains("0 on batch statistics");
            float lossBefore = keras.loss(x, labels);
            assertThat(keras.trainStep(x, labels, null)).as("a training step on moving statistics")
                    .isCloseTo(lossBefore, within(1e-6f));
            Weights after = keras.weights();
            assertThat(after.get("bn/moving_mean")).isEqualTo(w0.get("bn/moving_mean"));
            assertThat(after.get("bn/moving_variance")).isEqualTo(w0.get("bn/moving_variance"));
            assertThat(after.get("bn/gamma")).isNotEqualTo(w0.get("bn/gamma"));
        }
    }

    /** in → c1 → bn1 → relu → c2 → bn2 → GAP → dense: with c1 and bn1 frozen, only bn2 uses the batch. */
    @Test
    void frozenLayersAreUnaffected() {
        GraphBuilder b = Graph.builder("two_bn");
        String x = b.add(new Input("in", Shape.hwc(4, 4, 2)));
        x = b.add(Conv2D.of("c1", x, 3, 3, 1, Padding.SAME, true, ActivationFn.LINEAR));
        x = b.add(new BatchNorm("bn1", x, EPS, MOMENTUM));
        x = b.add(new Activation("relu", x, ActivationFn.RELU));
        x = b.add(Conv2D.of("c2", x, 3, 1, 1, Padding.SAME, false, ActivationFn.LINEAR));
        x = b.add(new BatchNorm("bn2", x, EPS, MOMENTUM));
        x = b.add(new GlobalAveragePool("gap", x));
        b.add(new Dense("dense", x, 2, true, ActivationFn.SOFTMAX));
        Graph g = b.build();
        Weights w0 = Initializers.parity(g, 5);
        Tensor images = Tensor.of(Initializers.uniform("imgs", 6 * 4 * 4 * 2, 5), 6, 4, 4, 2);
        int[] labels = {0, 1, 0, 1, 1, 0};
        try (CompiledModel m = engine.compile(g, w0, Set.of("c2", "bn2", "dense"), OptimizerSpec.adam(0.01),
                TRAIN)) {
            assertThat(m.toString()).contains("1 BatchNorm layers folded, 1 on batch statistics");
            for (int i = 0; i < 3; i++) {
                m.trainStep(images, labels, null);
            }
            Weights after = m.weights();
            List<String> changed = w0.names().stream().filter(n -> !after.get(n).equals(w0.get(n))).toList();
            assertThat(changed).containsExactlyInAnyOrder("c2/kernel", "bn2/gamma", "bn2/beta", "bn2/moving_mean",
                    "bn2/moving_variance", "dense/kernel", "dense/bias");
        }
    }

    /**
     * Gradients flow through the batch statistics: a bias before a batch-statistics BatchNorm is cancelled by the
     * batch mean, so its gradient is zero and SGD leaves it, while on moving statistics it trains.
     */
    @Test
    void gradientsFlowThroughTheBatchStatistics() {
        GraphBuilder b = Graph.builder("conv_bn");
        String x = b.add(new Input("in", Shape.hwc(H, W, C)));
        x = b.add(Conv2D.of("conv", x, C, 1, 1, Padding.SAME, true, ActivationFn.LINEAR));
        x = b.add(new BatchNorm("bn", x, EPS, MOMENTUM));
        x = b.add(new GlobalAveragePool("gap", x));
        b.add(new Dense("dense", x, 2, true, ActivationFn.SOFTMAX));
        Graph g = b.build();
        Weights w0 = Initializers.parity(g, 8);
        Tensor images = batch(8, 4);
        int[] labels = {0, 1, 1, 0, 0, 1, 0, 1};
        Set<String> all = Set.of("conv", "bn", "dense");
        for (CompileOptions options : List.of(TRAIN, CompileOptions.DEFAULTS)) {
            try (CompiledModel m = engine.compile(g, w0, all, OptimizerSpec.sgd(1.0, 0), options)) {
                m.trainStep(images, labels, null);
                Weights after = m.weights();
                float biasMove = after.get("conv/bias").maxAbsDiff(w0.get("conv/bias"));
                assertThat(after.get("conv/kernel").maxAbsDiff(w0.get("conv/kernel"))).as("kernel, %s", options)
                        .isGreaterThan(1e-3f);
                if (options == TRAIN) {
                    assertThat(biasMove).as("bias on batch statistics").isLessThan(1e-6f);
                } else {
                    assertThat(biasMove).as("bias on moving statistics").isGreaterThan(1e-3f);
                }
            }
        }
    }

    /**
     * The reason for the mode: a randomly initialised MobileNetV2 (Keras initialisers, BatchNorm mean 0 / variance 1)
     * has vanishing activations, so on moving statistics a few steps barely move the loss; on batch statistics the
     * same steps fit the batch.
     */
    @Test
    void randomMobileNetV2TrainsOnlyOnBatchStatistics() {
        MobileNetV2Backbone backbone = new MobileNetV2Backbone();
        Graph base = backbone.graph(BackboneSpec.of(32, 32, 0.35));
        Head head = java.util.ServiceLoader.load(Head.class).stream().map(java.util.ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("linear")).findFirst().orElseThrow();
        Graph g = base.then(head.build(base.outputShape(), 2, com.typesafe.config.ConfigFactory.parseMap(
                Map.of("dropout", 0.0))));
        Weights w0 = Initializers.keras(g, 3);
        Set<String> all = new HashSet<>();
        g.nodes().stream().skip(1).map(Node::name).forEach(all::add);
        int n = 16;
        float[] pixels = new float[n * 32 * 32 * 3];
        int[] labels = new int[n];
        float[] noise = Initializers.uniform("noise", pixels.length, 3);
        for (int e = 0; e < n; e++) {
            labels[e] = e % 2;
            for (int i = 0; i < 32 * 32 * 3; i++) {
                int col = (i / 3) % 32;
                boolean lit = labels[e] == 0 ? col < 16 : col >= 16;
                pixels[e * 32 * 32 * 3 + i] = (lit ? 0.8f : -0.8f) + 0.2f * noise[e * 32 * 32 * 3 + i];
            }
        }
        Tensor images = Tensor.of(pixels, n, 32, 32, 3);
        float[] last = new float[2];
        float[] first = new float[2];
        List<CompileOptions> modes = List.of(TRAIN, CompileOptions.DEFAULTS);
        for (int k = 0; k < 2; k++) {
            try (CompiledModel m = engine.compile(g, w0, all, OptimizerSpec.adam(0.01), modes.get(k))) {
                for (int step = 0; step < 12; step++) {
                    last[k] = m.trainStep(images, labels, null);
                    first[k] = step == 0 ? last[k] : first[k];
                }
            }
        }
        System.out.printf("random MobileNetV2, 12 steps: batch statistics loss %.4f → %.4f, moving %.4f → %.4f%n",
                first[0], last[0], first[1], last[1]);
        assertThat(last[0]).as("on batch statistics").isLessThan(0.1f);
        assertThat(last[1]).as("on moving statistics").isGreaterThan(0.6f);
    }
}
