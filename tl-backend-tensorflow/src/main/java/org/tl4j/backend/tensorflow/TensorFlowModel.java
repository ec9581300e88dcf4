package org.tl4j.backend.tensorflow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tl4j.api.BackendException;
import org.tl4j.api.DataException;
import org.tl4j.api.WeightsException;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.DepthwiseConv2D;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.internal.BatchNormFolding;
import org.tl4j.api.internal.Trace;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.BatchNormMode;
import org.tl4j.spi.CompileOptions;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.ExportFormat;
import org.tl4j.spi.OptimizerSpec;
import org.tl4j.spi.Preprocessing;

/**
 * A layer graph compiled to one TensorFlow graph and session. Weights live in variables fed once; frozen conv+BatchNorm
 * pairs are folded; with an optimizer, gradients are taken for the trainable layers' weights only (kernels, biases,
 * BatchNorm γ and β; never the moving statistics) and applied by {@link KerasOptimizer}. With
 * {@link BatchNormMode#TRAIN}, the trainable BatchNorm layers normalise training steps with the batch's statistics and
 * each step moves their moving statistics by the layer's momentum; forward passes, losses and exports use the moving
 * statistics. The loss is {@code mean(w · −Σ onehot · logSoftmax(logits)) + l2 · Σ kernel²} over the trainable
 * kernels, with the logits taken before the output softmax (TensorFlow Java has no gradient for
 * {@code SparseSoftmaxCrossEntropyWithLogits}).
 */
final class TensorFlowModel implements CompiledModel {
    private static final String ITERATIONS = "iterations";

    private final org.tl4j.api.graph.Graph ir;
    private final Weights original;
    private final Graph graph;
    private final Session session;
    private final ConfigProto config;
    private final Placeholder<TFloat32> input;
    private final Operand<TFloat32> output;
    private final Operand<TFloat32> training;
    private final Operand<TInt64> step;
    private final Map<String, VariableStore.Var> variables;
    private final BatchNormFolding folding;
    private final Op statisticsUpdate;
    private final int batchStatistics;
    private final TrainingGraph.Loss loss;
    private final KerasOptimizer optimizer;
    private final Consumer<TensorFlowModel> onClose;
    private double learningRate;
    private long iterations;
    private boolean closed;

    private TensorFlowModel(TrainingGraph b, Session session, Consumer<TensorFlowModel> onClose) {
        this.ir = b.ir;
        this.original = b.weights;
        this.graph = b.graph;
        this.session = session;
        this.config = b.config;
        this.input = b.input;
        this.output = b.compiled.output();
        this.training = b.compiled.training();
        this.step = b.compiled.step();
        this.variables = b.compiled.variables();
        this.folding = b.compiled.folding();
        this.statisticsUpdate = b.compiled.statisticsUpdate();
        this.batchStatistics = b.compiled.batchStatistics().size();
        this.loss = b.loss;
        this.optimizer = b.optimizer;
        this.learningRate = b.spec == null ? 0 : b.spec.learningRate();
        this.onClose = onClose;
    }

    /** Compiles a graph; see {@link org.tl4j.spi.BackendEngine#compile}. */
    static TensorFlowModel compile(org.tl4j.api.graph.Graph ir, Weights weights, Set<String> trainable,
            OptimizerSpec spec, CompileOptions options, ConfigProto config, long seed,
            Consumer<TensorFlowModel> onClose) {
        weights.checkFits(ir, "weights of graph '" + ir.name() + "'");
        List<String> unknown = trainable.stream().filter(l -> !ir.contains(l)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new BackendException("trainable layers " + unknown + " are not layers of graph '" + ir.name() + "'");
        }
        Graph g = new Graph();
        try {
            TrainingGraph b = new TrainingGraph(ir, weights, g, config, spec);
            b.build(trainable, batchStatistics(ir, trainable, spec, options), seed);
            Trace.mark("tf: graph built " + ir.name());
            Session s = new Session(g, sessionConfig(ir, config));
            try {
                VariableStore.assign(s, b.initialValues());
                Trace.mark("tf: variables assigned " + ir.name());
                return new TensorFlowModel(b, s, onClose);
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
    }

    /**
     * The session settings for a graph: the engine's, and for a graph without convolutions (a head on features) with
     * Grappler's graph rewriting off and its ops run on the calling thread ({@code inter_op_parallelism_threads < 0}).
     * Grappler's fusions pay off for convolutional bases; on a head of a few small ops it only costs time, at the first
     * run of each new set of fetches: about 25 ms for a training step and again for every read of the weights, which a
     * run does per epoch for its checkpoint. A head step is ~100 tiny ops, for which handing each to a pool thread
     * costs more than it runs (about 10 ms of the ~45 ms of a seed-workflow epoch).
     */
    private static ConfigProto sessionConfig(org.tl4j.api.graph.Graph ir, ConfigProto engine) {
        boolean convolutional = ir.nodes().stream().anyMatch(n -> n instanceof Conv2D
                || n instanceof DepthwiseConv2D);
        if (convolutional) {
            return engine;
        }
        return engine.toBuilder().setInterOpParallelismThreads(-1).setGraphOptions(engine.getGraphOptions().toBuilder()
                .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true))).build();
    }

    /** The trainable BatchNorm layers, when they train on batch statistics (an optimizer and BatchNormMode.TRAIN). */
    private static Set<String> batchStatistics(org.tl4j.api.graph.Graph ir, Set<String> trainable, OptimizerSpec spec,
            CompileOptions options) {
        if (spec == null || options.batchNorm() != BatchNormMode.TRAIN) {
            return Set.of();
        }
        return ir.nodes().stream().filter(n -> n instanceof BatchNorm).map(Node::name).filter(trainable::contains)
                .collect(Collectors.toUnmodifiableSet());
    }

    static int[] batchOf(Shape example) {
        int[] dims = new int[example.rank() + 1];
        dims[0] = -1;
        System.arraycopy(example.dims(), 0, dims, 1, example.rank());
        return dims;
    }

    @Override
    public Tensor predict(Tensor batch) {
        checkBatch(batch);
        try (TFloat32 x = Tensors.toTf(batch);
                Result r = session.runner().feed(input, x).fetch(output).run()) {
            return Tensors.fromTf((TFloat32) r.get(0));
        }
    }

    @Override
    public float trainStep(Tensor batch, int[] labels, float[] sampleWeights) {
        checkBatch(batch);
        if (optimizer == null) {
            throw new BackendException("graph '" + ir.name() + "' was compiled without an optimizer, so it cannot "
                    + "train; pass an OptimizerSpec and the trainable layers to compile()");
        }
        List<AutoCloseable> feeds = new ArrayList<>();
        try {
            Session.Runner runner = lossRunner(batch, labels, sampleWeights, feeds);
            long t = iterations + 1;
            runner.feed(training, keep(feeds, TFloat32.scalarOf(1f)));
            runner.feed(step, keep(feeds, TInt64.scalarOf(t)));
            optimizer.feed(runner, learningRate, t, feeds);
            if (statisticsUpdate != null) {
                runner.addTarget(statisticsUpdate);
            }
            float value;
            try (Result r = runner.fetch(loss.value()).addTarget(optimizer.update()).run()) {
                value = ((TFloat32) r.get(0)).getFloat();
            }
            iterations++;
            return value;
        } finally {
            closeAll(feeds);
        }
    }

    @Override
    public float loss(Tensor batch, int[] labels) {
        checkBatch(batch);
        List<AutoCloseable> feeds = new ArrayList<>();
        try (Result r = lossRunner(batch, labels, null, feeds).fetch(loss.value()).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        } finally {
            closeAll(feeds);
        }
    }

    private Session.Runner lossRunner(Tensor batch, int[] labels, float[] sampleWeights, List<AutoCloseable> feeds) {
        if (loss == null) {
            throw new BackendException("graph '" + ir.name() + "' has no loss: its output '" + ir.outputName()
                    + "' is not a softmax");
        }
        int n = batch.dim(0);
        checkLabels(labels, n);
        float[] w = sampleWeights;
        if (w == null) {
            w = new float[n];
            Arrays.fill(w, 1f);
        } else if (w.length != n) {
            throw new DataException(w.length + " sample weights for a batch of " + n);
        }
        return session.runner()
                .feed(input, keep(feeds, Tensors.toTf(batch)))
                .feed(loss.labels(), keep(feeds, Tensors.toTf(labels)))
                .feed(loss.sampleWeights(), keep(feeds, Tensors.toTf(w, new int[] {n})));
    }

    private void checkLabels(int[] labels, int n) {
        if (labels.length != n) {
            throw new DataException(labels.length + " labels for a batch of " + n);
        }
        for (int label : labels) {
            if (label < 0 || label >= loss.classes()) {
                throw new DataException("label " + label + " is out of range for graph '" + ir.name() + "' with "
                        + loss.classes() + " classes (0 to " + (loss.classes() - 1) + ")");
            }
        }
    }

    private void checkBatch(Tensor batch) {
        if (closed) {
            throw new BackendException("model of graph '" + ir.name() + "' is closed");
        }
        int[] expected = batchOf(ir.input().shape());
        boolean fits = batch.rank() == expected.length;
        for (int i = 1; fits && i < expected.length; i++) {
            fits = expected[i] == Shape.UNKNOWN || expected[i] == batch.dim(i);
        }
        if (!fits) {
            throw new DataException("graph '" + ir.name() + "' expects batches of " + ir.input().shape()
                    + " examples, got a batch of shape " + Arrays.toString(batch.shape()));
        }
    }

    private static <T extends AutoCloseable> T keep(List<AutoCloseable> feeds, T t) {
        feeds.add(t);
        return t;
    }

    private static void closeAll(List<AutoCloseable> feeds) {
        for (AutoCloseable c : feeds) {
            try {
                c.close();
            } catch (Exception e) {
                throw new BackendException("could not free a TensorFlow tensor", e);
            }
        }
    }

    /** Current values keyed as the weights given to compile; folded layers are frozen, so they return those. */
    @Override
    public Weights weights() {
        List<VariableStore.Var> live = new ArrayList<>();
        for (String name : original.names()) {
            if (!folding.isFolded(Weights.layerOf(name))) {
                live.add(variables.get(name));
            }
        }
        Map<VariableStore.Var, float[]> values = VariableStore.read(session, live);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : original.names()) {
            VariableStore.Var v = variables.get(name);
            out.put(name, v == null || !values.containsKey(v) ? original.get(name) : Tensor.of(values.get(v), v.shape()));
        }
        return Weights.of(out);
    }

    /** {@code iterations} and the slots ({@code <weight>/momentum}, {@code <weight>/velocity}). */
    @Override
    public Weights optimizerState() {
        if (optimizer == null) {
            return Weights.empty();
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(ITERATIONS, Tensor.of(new float[] {iterations}));
        VariableStore.read(session, List.copyOf(optimizer.slots().values()))
                .forEach((v, data) -> out.put(v.key(), Tensor.of(data, v.shape())));
        return Weights.of(out);
    }

    @Override
    public void loadOptimizerState(Weights state) {
        if (optimizer == null) {
            if (state.size() > 0) {
                throw new BackendException("graph '" + ir.name() + "' has no optimizer to load a state into");
            }
            return;
        }
        Map<VariableStore.Var, float[]> values = new LinkedHashMap<>();
        for (VariableStore.Var v : optimizer.slots().values()) {
            Tensor t = state.get(v.key());
            if (!Arrays.equals(t.shape(), v.shape())) {
                throw new WeightsException("optimizer state '" + v.key() + "' has shape " + Shape.of(t.shape())
                        + ", the model expects " + Shape.of(v.shape()));
            }
            values.put(v, t.data());
        }
        long steps = (long) state.get(ITERATIONS).data()[0];
        VariableStore.assign(session, values);
        iterations = steps;
    }

    @Override
    public void setLearningRate(double lr) {
        this.learningRate = lr;
    }

    @Override
    public void export(Path target, ExportFormat format, Preprocessing preprocessing, List<String> labels) {
        if (format != ExportFormat.SAVEDMODEL) {
            throw new BackendException("the tensorflow backend exports " + ExportFormat.SAVEDMODEL + " only, not "
                    + format + "; use backend.id = djl for " + ExportFormat.ONNX);
        }
        SavedModelExport.write(target, ir, weights(), preprocessing, labels, config);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            session.close();
            graph.close();
            onClose.accept(this);
        }
    }

    @Override
    public String toString() {
        return "TensorFlowModel[" + ir + ", " + folding.size() + " BatchNorm layers folded, " + batchStatistics
                + " on batch statistics]";
    }
}
