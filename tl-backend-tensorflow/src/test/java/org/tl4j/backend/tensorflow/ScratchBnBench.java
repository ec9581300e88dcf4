package org.tl4j.backend.tensorflow;

import java.util.*;
import org.junit.jupiter.api.Test;
import org.tensorflow.*;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tl4j.api.graph.*;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.*;
import org.tl4j.backbones.MobileNetV2Backbone;
import org.tl4j.spi.*;

final class ScratchBnBench {
    @Test
    void fusedGradient() {
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 4, 4, 3)));
            var gamma = tf.variable(tf.constant(new float[] {1, 1, 1}));
            var beta = tf.variable(tf.constant(new float[] {0, 0, 0}));
            FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x, gamma, beta, tf.constant(new float[0]), tf.constant(new float[0]),
                    FusedBatchNorm.isTraining(true), FusedBatchNorm.epsilon(1e-3f));
            var loss = tf.reduceSum(tf.math.square(bn.y()), tf.constant(new int[] {0, 1, 2, 3}));
            try {
                g.addGradients(loss.asOutput(), new Output<?>[] {gamma.asOutput(), beta.asOutput()});
                System.out.println("FUSED GRADIENT OK");
            } catch (Exception e) {
                System.out.println("FUSED GRADIENT MISSING: " + e);
            }
        }
    }

    @Test
    void bench() {
        MobileNetV2Backbone backbone = new MobileNetV2Backbone();
        org.tl4j.api.graph.Graph base = backbone.graph(BackboneSpec.of(32, 32, 0.35));
        List<org.tl4j.api.graph.Node> nodes = new ArrayList<>(base.nodes());
        nodes.add(new GlobalAveragePool("gap", base.outputName()));
        nodes.add(new Dense("dense", "gap", 8, true, ActivationFn.SOFTMAX));
        org.tl4j.api.graph.Graph g = org.tl4j.api.graph.Graph.of("m", nodes);
        Weights w0 = Initializers.keras(g, 3);
        Set<String> all = new HashSet<>();
        g.nodes().stream().skip(1).map(org.tl4j.api.graph.Node::name).forEach(all::add);
        int n = Integer.getInteger("bs", 128);
        Tensor images = Tensor.of(Initializers.uniform("x", n * 32 * 32 * 3, 1), n, 32, 32, 3);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 8;
        try (BackendEngine engine = TestEngines.cpu()) {
            for (CompileOptions o : List.of(CompileOptions.DEFAULTS, CompileOptions.DEFAULTS.withBatchNorm(BatchNormMode.TRAIN))) {
                try (CompiledModel m = engine.compile(g, w0, all, OptimizerSpec.adam(0.001), o)) {
                    for (int i = 0; i < 3; i++) m.trainStep(images, labels, null);
                    long t0 = System.nanoTime();
                    int steps = 20;
                    for (int i = 0; i < steps; i++) m.trainStep(images, labels, null);
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("BENCH %s batch %d: %.1f ms/step, %.0f img/s%n", o.batchNorm(), n, 1000 * s / steps, steps * n / s);
                    t0 = System.nanoTime();
                    for (int i = 0; i < steps; i++) m.predict(images);
                    s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("BENCH predict %s: %.0f img/s%n", o.batchNorm(), steps * n / s);
                }
            }
        }
    }
}
