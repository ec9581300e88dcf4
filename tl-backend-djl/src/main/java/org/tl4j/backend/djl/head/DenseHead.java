package org.tl4j.backend.djl.head;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.tl4j.api.BackendException;
import org.tl4j.api.DataException;
import org.tl4j.api.WeightsException;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Dropout;
import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.internal.SplitMix64;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.OptimizerSpec;

/**
 * A classifier head trained on the JVM: an optional global average pool, then Dense, Dropout and activation layers,
 * ending (for training) in a softmax. The loss is Keras's sparse categorical cross-entropy taken from the logits,
 * {@code mean(w · (logΣexp(z) − z_label)) + l2 · Σ kernel²} over the trainable kernels, and the optimizer steps are
 * Keras's ({@link HeadOptimizer}). Dropout masks come from a generator seeded by (seed, step, layer), so a run is
 * reproducible and a resumed run draws the masks it would have drawn. Not thread-safe.
 */
public final class DenseHead {
    private static final String ITERATIONS = "iterations";
    private static final long GOLDEN = SplitMix64.GOLDEN;

    private final List<HeadLayer> layers;
    private final boolean softmax;
    private final int inputSize;
    private final int classes;
    private final List<HeadOptimizer.Param> params;
    private final HeadOptimizer optimizer;
    private final double l2;
    private final Kernels kernels;
    private final long seed;
    private final String description;
    private long iterations;

    private DenseHead(DenseHeadBuilder b) {
        this.layers = b.layers;
        this.softmax = b.softmax;
        this.inputSize = b.inputSize;
        this.classes = b.width;
        this.params = b.params;
        this.optimizer = b.optimizer == null ? null : new HeadOptimizer(b.optimizer, b.params);
        this.l2 = b.optimizer == null ? 0 : b.optimizer.l2();
        this.kernels = new Kernels(b.pool);
        this.seed = b.seed;
        this.description = b.description;
    }

    /** Whether a node can be part of a JVM head (applied to a vector, or a global average pool). */
    public static boolean supports(Node n, Shape input) {
        if (n instanceof GlobalAveragePool) {
            return true;
        }
        boolean vector = input.rank() == 1;
        return vector && (n instanceof Dense || n instanceof Dropout || n instanceof Activation);
    }

    /**
     * Builds a head from its layers (in order, each reading the one before; the first reads the input).
     *
     * @param input     the shape of one example entering the head
     * @param nodes     the head's layers
     * @param weights   values for every weight of those layers (more are ignored)
     * @param trainable the layers whose weights train
     * @param optimizer the optimizer, or null for inference only
     * @param seed      seed of the dropout masks
     * @param pool      where large products run, or null for the calling thread
     */
    public static DenseHead build(Shape input, List<Node> nodes, Weights weights, Set<String> trainable,
            OptimizerSpec optimizer, long seed, ForkJoinPool pool) {
        DenseHeadBuilder b = new DenseHeadBuilder(input, weights, trainable, optimizer, seed, pool);
        for (int i = 0; i < nodes.size(); i++) {
            b.add(nodes.get(i), i == nodes.size() - 1);
        }
        b.description = nodes.stream().map(Node::name).toList().toString();
        return new DenseHead(b);
    }

    /** Runs the head in inference mode (no dropout); the output is a probability per class when it ends in softmax. */
    public Tensor predict(Tensor batch) {
        int n = rows(batch);
        float[][] out = forward(batch, n, false).last();
        if (softmax) {
            for (float[] row : out) {
                Activations.softmaxInPlace(row);
            }
        }
        return Tensor.of(flatten(out, classes), n, classes);
    }

    /** Mean loss (with the L2 term) on a batch, in inference mode. */
    public float loss(Tensor batch, int[] labels) {
        requireSoftmax();
        int n = rows(batch);
        checkLabels(labels, n);
        Pass pass = forward(batch, n, false);
        return (float) (crossEntropy(pass.last(), labels, null, n, null) + l2Penalty());
    }

    /** One optimizer step; returns the mean loss (with the L2 term) before the update, dropout active. */
    public float trainStep(Tensor batch, int[] labels, float[] sampleWeights) {
        if (optimizer == null) {
            throw new BackendException("head " + description + " was compiled without an optimizer, so it cannot "
                    + "train; pass an OptimizerSpec and the trainable layers to compile()");
        }
        requireSoftmax();
        int n = rows(batch);
        checkLabels(labels, n);
        if (sampleWeights != null && sampleWeights.length != n) {
            throw new DataException(sampleWeights.length + " sample weights for a batch of " + n);
        }
        long step = iterations + 1;
        Pass pass = forward(batch, n, true);
        float[][] dz = new float[n][classes];
        double loss = crossEntropy(pass.last(), labels, sampleWeights, n, dz) + l2Penalty();
        for (HeadOptimizer.Param p : params) {
            for (float[] row : p.gradient()) {
                Arrays.fill(row, 0f);
            }
        }
        backward(pass, dz, n);
        addL2Gradient();
        optimizer.step(params, step);
        iterations = step;
        return (float) loss;
    }

    private int rows(Tensor batch) {
        if (batch.rank() < 2 || batch.rowSize() != inputSize) {
            throw new DataException("head " + description + " expects batches of examples with " + inputSize
                    + " values, got a batch of shape " + Arrays.toString(batch.shape()));
        }
        return batch.dim(0);
    }

    private void requireSoftmax() {
        if (!softmax) {
            throw new BackendException("head " + description + " cannot be trained: it does not end in a softmax "
                    + "(a Dense or Activation layer with softmax)");
        }
    }

    private void checkLabels(int[] labels, int n) {
        if (labels.length != n) {
            throw new DataException(labels.length + " labels for a batch of " + n);
        }
        for (int label : labels) {
            if (label < 0 || label >= classes) {
                throw new DataException("label " + label + " is out of range for a head with " + classes
                        + " classes (0 to " + (classes - 1) + ")");
            }
        }
    }

    /** The activations of one pass: {@code values[0]} is the head's input, {@code values[i + 1]} layer i's (rows). */
    private record Pass(float[][][] values, float[][][] masks) {
        float[][] last() {
            return values[values.length - 1];
        }
    }

    private Pass forward(Tensor batch, int n, boolean training) {
        float[][][] values = new float[layers.size() + 1][][];
        float[][][] masks = new float[layers.size()][][];
        values[0] = toRows(batch.data(), n, inputSize);
        for (int i = 0; i < layers.size(); i++) {
            HeadLayer l = layers.get(i);
            float[][] x = values[i];
            values[i + 1] = switch (l.kind) {
                case POOL -> pool(x, l.in, l.out);
                case DENSE -> {
                    float[][] y = new float[n][l.out];
                    kernels.forward(x, l.kernel, l.bias, y);
                    yield Activations.activate(y, l.fn);
                }
                case DROPOUT -> {
                    if (!training || l.rate == 0) {
                        yield x;
                    }
                    float[][] y = new float[n][];
                    masks[i] = new float[n][];
                    SplittableRandom random = maskRandom(i);
                    for (int r = 0; r < n; r++) {
                        float[] mask = mask(random, x[r].length, l.rate);
                        float[] yr = new float[mask.length];
                        float[] xr = x[r];
                        for (int j = 0; j < yr.length; j++) {
                            yr[j] = xr[j] * mask[j];
                        }
                        y[r] = yr;
                        masks[i][r] = mask;
                    }
                    yield y;
                }
                case ACTIVATION -> Activations.activate(copy(x), l.fn);
            };
        }
        return new Pass(values, masks);
    }

    private void backward(Pass pass, float[][] dLast, int n) {
        float[][] dy = dLast;
        for (int i = layers.size() - 1; i >= 0 && dy != null; i--) {
            HeadLayer l = layers.get(i);
            boolean more = i > 0 && layers.get(i - 1).trainsBelowOrHere;
            float[][] y = pass.values()[i + 1];
            switch (l.kind) {
                case POOL -> dy = null;
                case ACTIVATION -> dy = Activations.activationGradient(dy, y, l.fn);
                case DROPOUT -> {
                    float[][] mask = pass.masks()[i];
                    if (mask != null) {
                        float[][] dx = new float[n][];
                        for (int r = 0; r < n; r++) {
                            dx[r] = dy[r].clone();
                            for (int j = 0; j < dx[r].length; j++) {
                                dx[r][j] *= mask[r][j];
                            }
                        }
                        dy = dx;
                    }
                }
                case DENSE -> {
                    float[][] dz = Activations.activationGradient(dy, y, l.fn);
                    if (l.kernelParam != null) {
                        kernels.kernelGradient(pass.values()[i], dz, l.kernelParam.gradient());
                        if (l.biasParam != null) {
                            Kernels.biasGradient(dz, l.biasParam.gradient()[0]);
                        }
                    }
                    if (more) {
                        float[][] dx = new float[n][l.in];
                        kernels.inputGradient(dz, l.kernel, dx);
                        dy = dx;
                    }
                }
                default -> throw new IllegalStateException(l.kind.name());
            }
            if (!more) {
                dy = null;
            }
        }
    }

    /**
     * Sparse categorical cross-entropy from logits {@code z}, weighted and averaged over the batch; when {@code dz}
     * is not null it receives {@code ∂loss/∂z = w·(softmax(z) − onehot)/n}.
     */
    private double crossEntropy(float[][] z, int[] labels, float[] weights, int n, float[][] dz) {
        double total = 0;
        double[] p = new double[classes];
        for (int r = 0; r < n; r++) {
            float[] zr = z[r];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, zr[j]);
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                p[j] = Math.exp(zr[j] - max);
                sum += p[j];
            }
            double logSum = max + Math.log(sum);
            double w = weights == null ? 1 : weights[r];
            total += w * (logSum - zr[labels[r]]);
            if (dz != null) {
                for (int j = 0; j < classes; j++) {
                    double target = j == labels[r] ? 1 : 0;
                    dz[r][j] = (float) (w * (p[j] / sum - target) / n);
                }
            }
        }
        return total / n;
    }

    private double l2Penalty() {
        if (l2 == 0) {
            return 0;
        }
        double sum = 0;
        for (HeadOptimizer.Param p : params) {
            if (p.kernel()) {
                for (float[] row : p.value()) {
                    for (float v : row) {
                        sum += (double) v * v;
                    }
                }
            }
        }
        return l2 * sum;
    }

    private void addL2Gradient() {
        if (l2 == 0) {
            return;
        }
        float twice = (float) (2 * l2);
        for (HeadOptimizer.Param p : params) {
            if (p.kernel()) {
                for (int r = 0; r < p.value().length; r++) {
                    Kernels.axpy(p.gradient()[r], p.value()[r], twice, p.value()[r].length);
                }
            }
        }
    }

    /** Mean over the positions of {@code [positions·c]} rows. */
    private static float[][] pool(float[][] x, int c, int positions) {
        float[][] y = new float[x.length][c];
        for (int r = 0; r < x.length; r++) {
            float[] xr = x[r];
            float[] yr = y[r];
            for (int p = 0; p < positions; p++) {
                int o = p * c;
                for (int j = 0; j < c; j++) {
                    yr[j] += xr[o + j];
                }
            }
            for (int j = 0; j < c; j++) {
                yr[j] /= positions;
            }
        }
        return y;
    }

    /** The dropout generator of layer {@code layer} at the coming step: a function of (seed, step, layer) only. */
    private SplittableRandom maskRandom(int layer) {
        return new SplittableRandom(seed ^ ((iterations + 1) * GOLDEN) ^ ((layer + 1L) * 0xBF58476D1CE4E5B9L));
    }

    /**
     * Inverted dropout: keep where a 24-bit uniform {@code u ≥ rate}, scaled by {@code 1/(1 − rate)}; two draws per
     * {@code nextLong}, and no branch on the random bits (a mispredicted branch per value was most of the cost).
     */
    private static float[] mask(SplittableRandom random, int size, double rate) {
        float scale = (float) (1 / (1 - rate));
        long threshold = (long) Math.ceil(rate * (1 << 24));
        float[] m = new float[size];
        int i = 0;
        for (; i + 1 < size; i += 2) {
            long bits = random.nextLong();
            m[i] = scale * ((threshold - 1 - (bits >>> 40)) >>> 63);
            m[i + 1] = scale * ((threshold - 1 - ((bits >>> 16) & 0xFFFFFF)) >>> 63);
        }
        if (i < size) {
            m[i] = scale * ((threshold - 1 - (random.nextLong() >>> 40)) >>> 63);
        }
        return m;
    }

    static float[][] toRows(float[] flat, int rows, int width) {
        float[][] out = new float[rows][width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * width, out[r], 0, width);
        }
        return out;
    }

    private static float[] flatten(float[][] rows, int width) {
        float[] out = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * width, width);
        }
        return out;
    }

    private static float[][] copy(float[][] x) {
        float[][] out = new float[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = x[r].clone();
        }
        return out;
    }

    /** Current values of the head's weights, as {@code layer/slot} (copies). */
    public Map<String, Tensor> weights() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (HeadLayer l : layers) {
            if (l.kind == HeadLayer.Kind.DENSE) {
                out.put(l.name + "/kernel", Tensor.of(flatten(l.kernel, l.out), l.in, l.out));
                if (l.bias != null) {
                    out.put(l.name + "/bias", Tensor.of(l.bias.clone(), l.out));
                }
            }
        }
        return out;
    }

    /** {@code iterations} and the optimizer slots ({@code <weight>/momentum}, {@code <weight>/velocity}). */
    public Weights optimizerState() {
        if (optimizer == null) {
            return Weights.empty();
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(ITERATIONS, Tensor.of(new float[] {iterations}));
        Map<String, int[]> shapes = new LinkedHashMap<>();
        params.forEach(p -> shapes.put(p.name(), p.shape()));
        optimizer.slots().forEach((name, v) -> out.put(name,
                Tensor.of(flatten(v, v[0].length), shapes.get(Weights.layerOf(name)))));
        return Weights.of(out);
    }

    /** Restores {@link #optimizerState()}. */
    public void loadOptimizerState(Weights state) {
        if (optimizer == null) {
            if (state.size() > 0) {
                throw new BackendException("head " + description + " has no optimizer to load a state into");
            }
            return;
        }
        for (Map.Entry<String, float[][]> e : optimizer.slots().entrySet()) {
            float[] v = state.get(e.getKey()).data();
            float[][] rows = e.getValue();
            int width = rows[0].length;
            if (v.length != rows.length * width) {
                throw new WeightsException("optimizer state '" + e.getKey() + "' has " + v.length
                        + " values, the head expects " + rows.length * width);
            }
            for (int r = 0; r < rows.length; r++) {
                System.arraycopy(v, r * width, rows[r], 0, width);
            }
        }
        iterations = (long) state.get(ITERATIONS).data()[0];
    }

    /** Changes the learning rate for the next steps. */
    public void setLearningRate(double learningRate) {
        if (optimizer != null) {
            optimizer.setLearningRate(learningRate);
        }
    }

    /** Number of classes (or output values). */
    public int outputSize() {
        return classes;
    }

    @Override
    public String toString() {
        return "DenseHead" + description;
    }
}
