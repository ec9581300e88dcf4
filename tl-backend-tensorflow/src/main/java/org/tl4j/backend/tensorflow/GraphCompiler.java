package org.tl4j.backend.tensorflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tl4j.api.BackendException;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Add;
import org.tl4j.api.graph.AveragePool;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.DepthwiseConv2D;
import org.tl4j.api.graph.Dropout;
import org.tl4j.api.graph.External;
import org.tl4j.api.graph.Flatten;
import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.MaxPool;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.ZeroPadding;
import org.tl4j.api.internal.BatchNormFolding.KernelLayout;
import org.tl4j.api.internal.BatchNormFolding;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;
import org.tl4j.api.internal.SplitMix64;

/**
 * Builds the TensorFlow ops of a layer graph, NHWC, with Keras semantics: TensorFlow's own {@code SAME} padding is
 * Keras's (the odd extra pixel bottom/right), {@code ZeroPadding2D} is {@code Pad}, BatchNorm uses the moving
 * statistics (except the layers named for batch statistics, in training steps), and frozen conv+BatchNorm pairs are
 * folded ({@link BatchNormFolding}). Every weight becomes a variable whose initial value is recorded for one feeding
 * run.
 */
final class GraphCompiler {
    /** Whether dropout and batch statistics are active (behind a {@code training} flag) or compiled away. */
    enum Mode { INFERENCE, TRAINING }

    /**
     * The compiled graph.
     *
     * @param output    the graph output
     * @param logits    the pre-softmax input of a softmax output, or null when the output is not a softmax
     * @param training  the scalar flag (1 while training, 0 by default) that switches dropout and batch statistics
     *                  on; null in INFERENCE
     * @param step      the scalar optimizer step (int64, 0 by default) from which, with the seed and the layer's
     *                  index, every dropout mask is drawn; null in INFERENCE
     * @param variables weight name → variable, for the weights that are not folded
     * @param initial   the value each variable starts with (folded values for folded convolutions)
     * @param folding   the folded conv+BatchNorm pairs
     * @param statisticsUpdate the op that moves the moving statistics of batch-statistics BatchNorm layers toward the
     *                  batch's, to run with each training step; null when there are none
     * @param batchStatistics the BatchNorm layers on batch statistics in training steps
     */
    record Compiled(Operand<TFloat32> output, Operand<TFloat32> logits, Operand<TFloat32> training,
            Operand<TInt64> step, Map<String, VariableStore.Var> variables, Map<VariableStore.Var, float[]> initial,
            BatchNormFolding folding, Op statisticsUpdate, Set<String> batchStatistics) {
    }

    private final Graph graph;
    private final Weights weights;
    private final Mode mode;
    private final long seed;
    private final Names names;
    private final VariableStore store;
    private final BatchNormFolding folding;
    private final Map<String, Operand<TFloat32>> outputs = new HashMap<>();
    private final Map<String, Operand<TFloat32>> preActivations = new HashMap<>();
    private final Map<String, VariableStore.Var> variables = new LinkedHashMap<>();
    private final Map<VariableStore.Var, float[]> initial = new LinkedHashMap<>();
    private final Operand<TFloat32> training;
    private final Operand<TInt64> step;
    private final Set<String> batchStatistics;
    private final List<Op> statisticsUpdates = new ArrayList<>();

    private GraphCompiler(Ops tf, Graph graph, Weights weights, Set<String> trainable, Set<String> batchStatistics,
            Mode mode, long seed, Names names, VariableStore store) {
        this.graph = graph;
        this.weights = weights;
        this.mode = mode;
        this.seed = seed;
        this.names = names;
        this.store = store;
        Set<String> unfoldable = new HashSet<>(trainable);
        unfoldable.addAll(batchStatistics);
        this.folding = BatchNormFolding.plan(graph, unfoldable);
        this.batchStatistics = mode == Mode.TRAINING ? Set.copyOf(batchStatistics) : Set.of();
        this.training = mode == Mode.TRAINING ? tf.withName(names.unique("training"))
                .placeholderWithDefault(tf.constant(0f), Shape.scalar()) : null;
        this.step = mode == Mode.TRAINING ? tf.withName(names.unique("dropout_step"))
                .placeholderWithDefault(tf.constant(0L), Shape.scalar()) : null;
    }

    /**
     * Compiles {@code graph} on top of {@code input}.
     *
     * @param trainable       layers that must stay unfolded so that their weights can train
     * @param batchStatistics BatchNorm layers that normalise with the batch's statistics in training steps and update
     *                        their moving statistics (Keras {@code training=True}); ignored in INFERENCE mode
     */
    static Compiled compile(Ops tf, Graph graph, Operand<TFloat32> input, Weights weights, Set<String> trainable,
            Set<String> batchStatistics, Mode mode, long seed, Names names, VariableStore store) {
        GraphCompiler c = new GraphCompiler(tf, graph, weights, trainable, batchStatistics, mode, seed, names, store);
        for (Node n : graph.nodes()) {
            if (n instanceof Input) {
                c.outputs.put(n.name(), input);
            } else if (n instanceof BatchNorm b && c.folding.isFolded(b.name())) {
                c.outputs.put(b.name(), c.outputs.get(b.input()));
            } else {
                c.outputs.put(n.name(), c.node(n, tf.withSubScope(names.unique(n.name()))));
            }
        }
        Operand<TFloat32> out = c.outputs.get(graph.outputName());
        if (out == input) {   // a pass-through graph: TensorFlow cannot fetch the tensor it is fed
            out = tf.withName(names.unique("output")).identity(input);
        }
        Op update = c.statisticsUpdates.isEmpty() ? null : tf.withName(names.unique("batchnorm_updates"))
                .withControlDependencies(c.statisticsUpdates).noOp();
        return new Compiled(out, c.logits(), c.training, c.step, Collections.unmodifiableMap(c.variables), c.initial,
                c.folding, update, c.batchStatistics);
    }

    private Operand<TFloat32> node(Node n, Ops s) {
        if (n instanceof Conv2D c) {
            return conv(c, s);
        } else if (n instanceof DepthwiseConv2D d) {
            return depthwise(d, s);
        } else if (n instanceof BatchNorm b) {
            return batchStatistics.contains(b.name()) ? batchNormOnBatch(b, in(b), s) : batchNorm(b, in(b), s);
        } else if (n instanceof Activation a) {
            return activate(a.fn(), in(a), s);
        } else if (n instanceof ZeroPadding z) {
            return s.pad(in(z), s.constant(new int[][] {{0, 0}, {z.top(), z.bottom()}, {z.left(), z.right()}, {0, 0}}),
                    s.constant(0f));
        } else if (n instanceof MaxPool m) {
            return s.nn.maxPool(in(m), s.constant(new int[] {1, m.poolH(), m.poolW(), 1}),
                    s.constant(new int[] {1, m.strideH(), m.strideW(), 1}), padding(m.padding()));
        } else if (n instanceof AveragePool p) {
            return s.nn.avgPool(in(p), List.of(1L, (long) p.poolH(), (long) p.poolW(), 1L),
                    List.of(1L, (long) p.strideH(), (long) p.strideW(), 1L), padding(p.padding()));
        } else if (n instanceof Flatten f) {
            return s.reshape(in(f), s.constant(new long[] {-1, f.outputShape(graph.inputShapes(f)).dim(0)}));
        } else if (n instanceof Add a) {
            return add(a, s);
        } else if (n instanceof GlobalAveragePool g) {
            return s.math.mean(in(g), s.constant(new int[] {1, 2}));
        } else if (n instanceof Dense d) {
            return dense(d, s);
        } else if (n instanceof Dropout d) {
            return dropout(d, s);
        } else if (n instanceof External e) {
            throw new BackendException("layer '" + e.name() + "' is an External " + e.format() + " sub-network ("
                    + e.location() + "), which is not supported by the tensorflow backend; use djl");
        }
        throw new BackendException("layer '" + n.name() + "' (" + n.kerasClass()
                + ") is not supported by the tensorflow backend");
    }

    private Operand<TFloat32> in(Node n) {
        return outputs.get(n.inputs().get(0));
    }

    private Operand<TFloat32> conv(Conv2D c, Ops s) {
        Params p = params(c.name(), "kernel", c.useBias());
        Operand<TFloat32> y = s.nn.conv2d(in(c), p.kernel(), List.of(1L, (long) c.strideH(), (long) c.strideW(), 1L),
                padding(c.padding()));
        return activate(c.activation(), p.addBias(y, s), s);
    }

    private Operand<TFloat32> depthwise(DepthwiseConv2D d, Ops s) {
        Params p = params(d.name(), "depthwise_kernel", d.useBias());
        Operand<TFloat32> y = s.nn.depthwiseConv2dNative(in(d), p.kernel(),
                List.of(1L, (long) d.strideH(), (long) d.strideW(), 1L), padding(d.padding()));
        return activate(d.activation(), p.addBias(y, s), s);
    }

    /** A convolution's kernel and optional bias. */
    private record Params(Operand<TFloat32> kernel, Operand<TFloat32> bias) {
        Operand<TFloat32> addBias(Operand<TFloat32> y, Ops s) {
            return bias == null ? y : s.nn.biasAdd(y, bias);
        }
    }

    /** The variables of a convolution: its own, or the folded kernel and bias when its BatchNorm folds into it. */
    private Params params(String layer, String kernelSlot, boolean useBias) {
        String kernelName = layer + "/" + kernelSlot;
        String biasName = layer + "/bias";
        BatchNorm bn = folding.foldedInto(layer);
        if (bn == null) {
            return new Params(weight(kernelName), useBias ? weight(biasName) : null);
        }
        Tensor k = weights.get(kernelName);
        float[][] folded = BatchNormFolding.fold(k.data(), useBias ? weights.get(biasName).data() : null,
                KernelLayout.OUTPUT_LAST, weights, bn);
        VariableStore.Var kv = store.create(kernelName, k.shape());
        VariableStore.Var bv = store.create(biasName, new int[] {folded[1].length});
        initial.put(kv, folded[0]);
        initial.put(bv, folded[1]);
        return new Params(kv.variable(), bv.variable());
    }

    /** The variable of an unfolded weight, created on first use. */
    private Operand<TFloat32> weight(String name) {
        return variable(name).variable();
    }

    private VariableStore.Var variable(String name) {
        VariableStore.Var v = variables.get(name);
        if (v == null) {
            Tensor t = weights.get(name);
            v = store.create(name, t.shape());
            variables.put(name, v);
            initial.put(v, t.data());
        }
        return v;
    }

    /** Inference-mode BatchNorm on variables: {@code x·s + (β − mean·s)} with {@code s = γ / √(var + ε)}. */
    private Operand<TFloat32> batchNorm(BatchNorm b, Operand<TFloat32> x, Ops s) {
        String p = b.name() + "/";
        Operand<TFloat32> scale = s.math.mul(weight(p + "gamma"),
                s.math.rsqrt(s.math.add(weight(p + "moving_variance"), s.constant((float) b.epsilon()))));
        Operand<TFloat32> offset = s.math.sub(weight(p + "beta"), s.math.mul(weight(p + "moving_mean"), scale));
        return s.math.add(s.math.mul(x, scale), offset);
    }

    /**
     * BatchNorm on batch statistics in training steps (Keras {@code training=True}): with the training flag at 1 it
     * normalises with the batch's mean and biased variance over every axis but the last, gradients flowing through
     * them, and records the update {@code moving = moving · momentum + batch · (1 − momentum)} of both moving
     * statistics (Keras 3's rule); with the flag at its default 0 it is inference-mode BatchNorm. The statistics are
     * mixed as {@code t·batch + (1 − t)·moving}, exact for t in {0, 1}, so no conditional op is needed.
     */
    private Operand<TFloat32> batchNormOnBatch(BatchNorm b, Operand<TFloat32> x, Ops s) {
        String p = b.name() + "/";
        int rank = x.shape().numDimensions();
        int[] axes = new int[rank - 1];
        Arrays.setAll(axes, i -> i);
        Operand<TInt32> ax = s.constant(axes);
        Operand<TFloat32> batchMean = s.math.mean(x, ax);
        Operand<TFloat32> batchVar = s.math.mean(s.math.squaredDifference(x, s.stopGradient(batchMean)), ax);
        VariableStore.Var movingMean = variable(p + "moving_mean");
        VariableStore.Var movingVar = variable(p + "moving_variance");
        Operand<TFloat32> off = s.math.sub(s.constant(1f), training);
        Operand<TFloat32> mean = s.math.add(s.math.mul(training, batchMean), s.math.mul(off, movingMean.variable()));
        Operand<TFloat32> var = s.math.add(s.math.mul(training, batchVar), s.math.mul(off, movingVar.variable()));
        Operand<TFloat32> scale = s.math.mul(weight(p + "gamma"),
                s.math.rsqrt(s.math.add(var, s.constant((float) b.epsilon()))));
        statisticsUpdates.add(movingAverage(s, movingMean, batchMean, b.momentum()));
        statisticsUpdates.add(movingAverage(s, movingVar, batchVar, b.momentum()));
        return s.math.add(s.math.mul(s.math.sub(x, mean), scale), weight(p + "beta"));
    }

    private static Op movingAverage(Ops s, VariableStore.Var moving, Operand<TFloat32> batch, double momentum) {
        return s.assign(moving.variable(), s.math.add(s.math.mul(moving.variable(), s.constant((float) momentum)),
                s.math.mul(batch, s.constant((float) (1 - momentum)))));
    }

    private Operand<TFloat32> add(Add a, Ops s) {
        List<Operand<TFloat32>> in = new ArrayList<>();
        a.inputs().forEach(i -> in.add(outputs.get(i)));
        return in.size() == 2 ? s.math.add(in.get(0), in.get(1)) : s.math.addN(in);
    }

    private Operand<TFloat32> dense(Dense d, Ops s) {
        Operand<TFloat32> y = s.linalg.matMul(in(d), weight(d.name() + "/kernel"));
        if (d.useBias()) {
            y = s.nn.biasAdd(y, weight(d.name() + "/bias"));
        }
        preActivations.put(d.name(), y);
        return activate(d.activation(), y, s);
    }

    /**
     * Inverted dropout, Keras-style: keep where {@code u ≥ rate·training}, scale by {@code 1 / (1 − rate·training)}.
     * With the training flag at its default 0 every element is kept and scaled by exactly 1. The uniform draw
     * {@code u} is stateless: a pure function of (seed, layer index, fed step), so a run resumed from a checkpoint
     * draws the masks an uninterrupted run draws. The Philox key comes from the seed and the layer, the counter from
     * the step, so layers and steps get disjoint streams.
     */
    private Operand<TFloat32> dropout(Dropout d, Ops s) {
        Operand<TFloat32> x = in(d);
        if (mode == Mode.INFERENCE || d.rate() == 0) {
            return x;
        }
        Operand<TFloat32> rate = s.math.mul(s.constant((float) d.rate()), training);
        Operand<TInt64> key = s.constant(new long[] {dropoutKey(seed, graph.indexOf(d.name()))});
        Operand<TInt64> stepSeed = s.concat(List.of(key, s.reshape(step, s.constant(new int[] {1}))),
                s.constant(0));
        Operand<TFloat32> u = s.random.statelessRandomUniform(s.shape(x), stepSeed);
        Operand<TFloat32> keep = s.dtypes.cast(s.math.greaterEqual(u, rate), TFloat32.class);
        return s.math.div(s.math.mul(x, keep), s.math.sub(s.constant(1f), rate));
    }

    /** The Philox key of a dropout layer's masks: the seed and the layer's index mixed by SplitMix64's finaliser. */
    static long dropoutKey(long seed, int layer) {
        return SplitMix64.mix(seed + SplitMix64.GOLDEN * (layer + 1L));
    }

    private static Operand<TFloat32> activate(ActivationFn fn, Operand<TFloat32> x, Ops s) {
        return switch (fn) {
            case LINEAR -> x;
            case RELU -> s.nn.relu(x);
            case RELU6 -> s.nn.relu6(x);
            case SIGMOID -> s.math.sigmoid(x);
            case SOFTMAX -> s.nn.softmax(x);
        };
    }

    private static String padding(Padding p) {
        return p == Padding.SAME ? "SAME" : "VALID";
    }

    /** The logits of a softmax output: a softmax Dense's pre-activation, or the input of a softmax Activation. */
    private Operand<TFloat32> logits() {
        Node out = graph.node(graph.outputName());
        if (out instanceof Dense d && d.activation() == ActivationFn.SOFTMAX) {
            return preActivations.get(d.name());
        }
        if (out instanceof Activation a && a.fn() == ActivationFn.SOFTMAX) {
            return outputs.get(a.input());
        }
        return null;
    }
}
