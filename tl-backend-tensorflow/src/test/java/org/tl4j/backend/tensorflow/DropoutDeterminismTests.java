package org.tl4j.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Add;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Dropout;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.OptimizerSpec;

/**
 * Dropout masks are a pure function of (backend seed, optimizer step, layer): the same seed trains to the same
 * weights, a model restored from weights and optimizer state continues bit-identically (what {@code tl train --resume}
 * relies on), another seed trains differently, and two dropout layers draw different masks.
 */
final class DropoutDeterminismTests {
    private static final int FEATURES = 16;
    private static final int CLASSES = 3;
    private static final int BATCH = 8;
    private static final int[] LABELS = {0, 1, 2, 0, 1, 2, 0, 1};
    private static final OptimizerSpec ADAM = OptimizerSpec.adam(0.05);
    private static BackendEngine engine;

    @BeforeAll
    static void open() {
        engine = TestEngines.cpu();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** Input(16) → Dropout(0.5) → Dense(3, softmax). */
    private static Graph head() {
        GraphBuilder b = Graph.builder("head");
        String x = b.add(new Input("features", Shape.of(FEATURES)));
        x = b.add(new Dropout("dropout", x, 0.5));
        b.add(new Dense("dense", x, CLASSES, true, ActivationFn.SOFTMAX));
        return b.build();
    }

    private static Tensor features(long seed) {
        Random r = new Random(seed);
        float[] x = new float[BATCH * FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return Tensor.of(x, BATCH, FEATURES);
    }

    /** Trains {@code steps} steps on batches {@code from}, {@code from + 1}, …; returns the losses. */
    private static List<Float> train(CompiledModel m, int from, int steps) {
        List<Float> losses = new ArrayList<>();
        for (int i = from; i < from + steps; i++) {
            losses.add(m.trainStep(features(i), LABELS, null));
        }
        return losses;
    }

    @Test
    void sameSeedTrainsToTheSameWeights() {
        Graph g = head();
        Weights w0 = Initializers.parity(g, 3);
        try (CompiledModel a = engine.compile(g, w0, Set.of("dense"), ADAM);
                CompiledModel b = engine.compile(g, w0, Set.of("dense"), ADAM)) {
            assertThat(train(b, 0, 10)).isEqualTo(train(a, 0, 10));
            assertThat(b.weights().asMap()).isEqualTo(a.weights().asMap());
        }
    }

    @Test
    void restoredModelContinuesBitIdentically() {
        Graph g = head();
        Weights w0 = Initializers.parity(g, 4);
        try (CompiledModel uninterrupted = engine.compile(g, w0, Set.of("dense"), ADAM)) {
            List<Float> expected = train(uninterrupted, 0, 9);
            Weights weights;
            Weights state;
            try (CompiledModel killed = engine.compile(g, w0, Set.of("dense"), ADAM)) {
                train(killed, 0, 4);
                weights = killed.weights();
                state = killed.optimizerState();
            }
            try (CompiledModel resumed = engine.compile(g, weights, Set.of("dense"), ADAM)) {
                resumed.loadOptimizerState(state);
                assertThat(train(resumed, 4, 5)).isEqualTo(expected.subList(4, 9));
                assertThat(resumed.weights().asMap()).isEqualTo(uninterrupted.weights().asMap());
                assertThat(resumed.optimizerState().asMap()).isEqualTo(uninterrupted.optimizerState().asMap());
            }
        }
    }

    @Test
    void anotherSeedDrawsOtherMasks() {
        Graph g = head();
        Weights w0 = Initializers.parity(g, 5);
        try (BackendEngine other = TestEngines.cpu(TestEngines.SEED + 1);
                CompiledModel a = engine.compile(g, w0, Set.of("dense"), ADAM);
                CompiledModel b = other.compile(g, w0, Set.of("dense"), ADAM)) {
            assertThat(train(b, 0, 3)).isNotEqualTo(train(a, 0, 3));
            assertThat(b.weights().asMap()).isNotEqualTo(a.weights().asMap());
        }
    }

    /**
     * Two dropout layers (rate 0.5) on the same input of ones, summed: each element is {@code 2·(mask₁ + mask₂)}, so
     * a 2 shows masks that differ there. The output is the same for the same step and changes with the step.
     */
    @Test
    void eachLayerAndStepDrawsItsOwnMask() {
        int n = 256;
        GraphBuilder b = Graph.builder("two_dropouts");
        String in = b.add(new Input("in", Shape.of(n)));
        String first = b.add(new Dropout("first", in, 0.5));
        String second = b.add(new Dropout("second", in, 0.5));
        b.add(new Add("sum", List.of(first, second)));
        Graph g = b.build();
        try (org.tensorflow.Graph tfg = new org.tensorflow.Graph()) {
            Ops tf = Ops.create(tfg);
            Names names = new Names();
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class,
                    Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, n)));
            GraphCompiler.Compiled c = GraphCompiler.compile(tf, g, input, Weights.empty(), Set.of(), Set.of(),
                    GraphCompiler.Mode.TRAINING, TestEngines.SEED, names, new VariableStore(tf, names));
            try (Session s = new Session(tfg)) {
                float[] step1 = run(s, c, input, n, 1);
                assertThat(step1).contains(0f, 2f, 4f);
                assertThat(run(s, c, input, n, 1)).isEqualTo(step1);
                assertThat(run(s, c, input, n, 2)).isNotEqualTo(step1);
            }
        }
    }

    private static float[] run(Session s, GraphCompiler.Compiled c, Placeholder<TFloat32> input, int n, long step) {
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        try (TFloat32 x = Tensors.toTf(Tensor.of(ones, 1, n)); TFloat32 on = TFloat32.scalarOf(1f);
                TInt64 t = TInt64.scalarOf(step);
                Result r = s.runner().feed(input, x).feed(c.training(), on).feed(c.step(), t).fetch(c.output())
                        .run()) {
            return Tensors.fromTf((TFloat32) r.get(0)).data();
        }
    }
}
