package org.tl4j.backend.tensorflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tl4j.api.BackendException;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.OptimizerSpec;

/**
 * Builds the ops of a {@link TensorFlowModel} in a fresh graph: the compiled layers, and with an optimizer the loss
 * on the logits (with the L2 term), the gradients of the trainable weights and the optimizer's update.
 */
final class TrainingGraph {
    private static final Set<String> TRAINABLE_SLOTS = Set.of("kernel", "depthwise_kernel", "bias", "gamma", "beta");

    /** The loss ops: labels and per-example weights in, the mean loss (with the L2 term) out. */
    record Loss(Placeholder<TInt32> labels, Placeholder<TFloat32> sampleWeights, Operand<TFloat32> value,
            int classes) {
    }

    final org.tl4j.api.graph.Graph ir;
    final Weights weights;
    final Graph graph;
    final ConfigProto config;
    final OptimizerSpec spec;
    final Ops tf;
    final Names names = new Names();
    final VariableStore store;
    Placeholder<TFloat32> input;
    GraphCompiler.Compiled compiled;
    Loss loss;
    KerasOptimizer optimizer;

    TrainingGraph(org.tl4j.api.graph.Graph ir, Weights weights, Graph graph, ConfigProto config, OptimizerSpec spec) {
        this.ir = ir;
        this.weights = weights;
        this.graph = graph;
        this.config = config;
        this.spec = spec;
        this.tf = Ops.create(graph);
        this.store = new VariableStore(tf, names);
    }

    void build(Set<String> trainable, Set<String> batchStatistics, long seed) {
        input = tf.withName(names.unique("input")).placeholder(TFloat32.class,
                Placeholder.shape(Tensors.shape(TensorFlowModel.batchOf(ir.input().shape()))));
        compiled = GraphCompiler.compile(tf, ir, input, weights, trainable, batchStatistics,
                spec == null ? GraphCompiler.Mode.INFERENCE : GraphCompiler.Mode.TRAINING, seed, names, store);
        List<VariableStore.Var> vars = trainableVariables(trainable);
        if (spec != null && vars.isEmpty()) {
            throw new BackendException("an optimizer was given for graph '" + ir.name() + "' but none of its "
                    + "trainable layers " + trainable + " has weights");
        }
        Operand<TFloat32> l2 = spec == null || spec.l2() == 0 ? null : l2(vars, spec.l2());
        if (compiled.logits() != null) {
            loss = loss(l2);
        } else if (spec != null) {
            throw new BackendException("graph '" + ir.name() + "' cannot be trained: its output '"
                    + ir.outputName() + "' is not a softmax (a Dense or Activation layer with softmax)");
        }
        if (spec != null) {
            Output<?>[] grads = graph.addGradients(loss.value().asOutput(),
                    vars.stream().map(v -> v.variable().asOutput()).toArray(Output<?>[]::new));
            optimizer = KerasOptimizer.build(tf, spec, vars, grads, store);
        }
    }

    /** The weights that train, in Keras order: every weight of a trainable layer but BatchNorm's statistics. */
    private List<VariableStore.Var> trainableVariables(Set<String> trainable) {
        List<VariableStore.Var> out = new ArrayList<>();
        for (String name : weights.names()) {
            String slot = name.substring(name.lastIndexOf('/') + 1);
            if (trainable.contains(Weights.layerOf(name)) && TRAINABLE_SLOTS.contains(slot)) {
                out.add(compiled.variables().get(name));
            }
        }
        return out;
    }

    private Operand<TFloat32> l2(List<VariableStore.Var> vars, double factor) {
        List<Operand<TFloat32>> sums = new ArrayList<>();
        for (VariableStore.Var v : vars) {
            if (v.key().endsWith("/kernel") || v.key().endsWith("/depthwise_kernel")) {
                // read through an Identity: a gradient into a variable op with two consumers crashes TF 2.18
                sums.add(tf.reduceSum(tf.math.square(tf.identity(v.variable())),
                        tf.constant(allAxes(v.shape().length))));
            }
        }
        if (sums.isEmpty()) {
            return null;
        }
        Operand<TFloat32> sum = sums.size() == 1 ? sums.get(0) : tf.math.addN(sums);
        return tf.math.mul(tf.constant((float) factor), sum);
    }

    private Loss loss(Operand<TFloat32> l2) {
        Ops s = tf.withSubScope("loss");
        int classes = ir.outputShape().channels();
        Placeholder<TInt32> labels = s.withName("labels").placeholder(TInt32.class,
                Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1)));
        Placeholder<TFloat32> weightsIn = s.withName("sample_weights").placeholder(TFloat32.class,
                Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1)));
        Operand<TFloat32> oneHot = s.oneHot(labels, s.constant(classes), s.constant(1f), s.constant(0f));
        Operand<TFloat32> perExample = s.math.neg(s.reduceSum(s.math.mul(oneHot,
                s.nn.logSoftmax(compiled.logits())), s.constant(1)));
        Operand<TFloat32> value = s.math.mean(s.math.mul(perExample, weightsIn), s.constant(0));
        return new Loss(labels, weightsIn, l2 == null ? value : s.math.add(value, l2), classes);
    }

    /** Initial values: the weights (folded where folded), zeros for optimizer slots. */
    Map<VariableStore.Var, float[]> initialValues() {
        Map<VariableStore.Var, float[]> values = new LinkedHashMap<>(compiled.initial());
        for (VariableStore.Var v : store.all()) {
            values.computeIfAbsent(v, k -> new float[Math.toIntExact(Shape.of(k.shape()).size())]);
        }
        return values;
    }

    private static int[] allAxes(int rank) {
        int[] axes = new int[rank];
        Arrays.setAll(axes, i -> i);
        return axes;
    }
}
