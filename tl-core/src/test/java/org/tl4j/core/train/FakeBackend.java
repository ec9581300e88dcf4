package org.tl4j.core.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.tl4j.api.BackendException;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Dropout;
import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Node;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.Seeds;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.Capability;
import org.tl4j.spi.CompileOptions;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.ExportFormat;
import org.tl4j.spi.OptimizerSpec;
import org.tl4j.spi.Preprocessing;

/**
 * A backend on the JVM for tests: sequential graphs of 1×1 {@code Conv2D}, {@code Activation}, global average
 * pooling, {@code Dropout} and {@code Dense}, with backpropagation, SGD and Adam (Keras's update rules). Dropout masks
 * are a function of (engine seed, optimizer step, layer), so a resumed model draws the same masks.
 */
final class FakeBackend implements Backend {
    static final String ID = "fake";
    final AtomicInteger compiles = new AtomicInteger();
    final AtomicInteger predictedExamples = new AtomicInteger();
    /** The options of every compile with an optimizer, in order. */
    final List<CompileOptions> trainingCompileOptions = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "JVM test backend";
    }

    /** {@code nan-after}: the loss turns NaN after that many training steps. */
    @Override
    public Set<String> optionKeys() {
        return Set.of("nan-after");
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.INFERENCE, Capability.TRAIN_HEAD, Capability.TRAIN_BACKBONE,
                Capability.TRAIN_BATCHNORM);
    }

    @Override
    public String engineVersion() {
        return "fake 1";
    }

    @Override
    public BackendEngine open(BackendOptions options) {
        return new BackendEngine() {
            @Override
            public List<String> devices() {
                return List.of("cpu:0");
            }

            @Override
            public String device() {
                return "cpu:0";
            }

            @Override
            public CompiledModel compile(Graph graph, Weights weights, Set<String> trainable, OptimizerSpec opt) {
                weights.checkFits(graph, "fake compile");
                compiles.incrementAndGet();
                long nanAfter = options.options().hasPath("options.nan-after")
                        ? options.options().getLong("options.nan-after") : 0;
                return new Model(graph, weights, trainable, opt, options.seed(), nanAfter);
            }

            /** Records the options, then compiles as a backend that predates them (the SPI's default). */
            @Override
            public CompiledModel compile(Graph graph, Weights weights, Set<String> trainable, OptimizerSpec opt,
                    CompileOptions compileOptions) {
                if (opt != null) {
                    trainingCompileOptions.add(compileOptions);
                }
                return BackendEngine.super.compile(graph, weights, trainable, opt, compileOptions);
            }

            @Override
            public void close() {
            }
        };
    }

    private final class Model implements CompiledModel {
        private final Graph graph;
        private final Map<String, float[]> w = new LinkedHashMap<>();
        private final Map<String, int[]> shapes = new HashMap<>();
        private final Set<String> trainable;
        private final OptimizerSpec opt;
        private final long seed;
        private final Map<String, float[]> m = new HashMap<>();
        private final Map<String, float[]> v = new HashMap<>();
        private final long nanAfter;
        private double lr;
        private long step;

        Model(Graph graph, Weights weights, Set<String> trainable, OptimizerSpec opt, long seed, long nanAfter) {
            this.nanAfter = nanAfter;
            this.graph = graph;
            weights.asMap().forEach((k, t) -> {
                w.put(k, t.data().clone());
                shapes.put(k, t.shape());
            });
            this.trainable = trainable;
            this.opt = opt;
            this.seed = seed;
            this.lr = opt == null ? 0 : opt.learningRate();
        }

        /** Activations of each node for a batch: index 0 is the input. */
        private List<float[]> forward(Tensor x, boolean training, List<int[]> dims, List<float[]> masks) {
            List<float[]> acts = new ArrayList<>();
            float[] cur = x.data();
            int[] d = x.shape();
            acts.add(cur);
            dims.add(d);
            int n = d[0];
            for (int li = 1; li < graph.nodes().size(); li++) {
                Node node = graph.nodes().get(li);
                float[] mask = null;
                if (node instanceof Conv2D c) {
                    int pixels = cur.length / d[d.length - 1];
                    cur = dense(cur, pixels, d[d.length - 1], c.filters(), c.name(), c.useBias(), c.activation());
                    d = new int[] {d[0], d[1], d[2], c.filters()};
                } else if (node instanceof Dense de) {
                    cur = dense(cur, n, d[1], de.units(), de.name(), de.useBias(), de.activation());
                    d = new int[] {n, de.units()};
                } else if (node instanceof Activation a) {
                    cur = activate(cur.clone(), a.fn(), d[d.length - 1]);
                } else if (node instanceof GlobalAveragePool) {
                    int c = d[3];
                    int hw = d[1] * d[2];
                    float[] out = new float[n * c];
                    for (int i = 0; i < n; i++) {
                        for (int p = 0; p < hw; p++) {
                            for (int ch = 0; ch < c; ch++) {
                                out[i * c + ch] += cur[(i * hw + p) * c + ch];
                            }
                        }
                    }
                    for (int i = 0; i < out.length; i++) {
                        out[i] /= hw;
                    }
                    cur = out;
                    d = new int[] {n, c};
                } else if (node instanceof Dropout dr) {
                    if (training && dr.rate() > 0) {
                        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, step, li));
                        mask = new float[cur.length];
                        float[] out = new float[cur.length];
                        for (int i = 0; i < cur.length; i++) {
                            mask[i] = rng.nextDouble() < dr.rate() ? 0f : (float) (1 / (1 - dr.rate()));
                            out[i] = cur[i] * mask[i];
                        }
                        cur = out;
                    }
                } else if (!(node instanceof Input)) {
                    throw new BackendException("fake backend cannot run " + node);
                }
                acts.add(cur);
                dims.add(d);
                masks.add(mask);
            }
            return acts;
        }

        private float[] dense(float[] x, int rows, int in, int out, String layer, boolean bias, ActivationFn act) {
            float[] k = w.get(layer + "/kernel");
            float[] b = bias ? w.get(layer + "/bias") : null;
            float[] y = new float[rows * out];
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < out; o++) {
                    float s = b == null ? 0 : b[o];
                    for (int i = 0; i < in; i++) {
                        s += x[r * in + i] * k[i * out + o];
                    }
                    y[r * out + o] = s;
                }
            }
            return activate(y, act, out);
        }

        private float[] activate(float[] y, ActivationFn act, int width) {
            switch (act) {
                case RELU -> {
                    for (int i = 0; i < y.length; i++) {
                        y[i] = Math.max(0, y[i]);
                    }
                }
                case SOFTMAX -> {
                    for (int r = 0; r < y.length / width; r++) {
                        float max = Float.NEGATIVE_INFINITY;
                        for (int j = 0; j < width; j++) {
                            max = Math.max(max, y[r * width + j]);
                        }
                        float sum = 0;
                        for (int j = 0; j < width; j++) {
                            y[r * width + j] = (float) Math.exp(y[r * width + j] - max);
                            sum += y[r * width + j];
                        }
                        for (int j = 0; j < width; j++) {
                            y[r * width + j] /= sum;
                        }
                    }
                }
                case LINEAR -> {
                }
                default -> throw new BackendException("fake backend has no " + act);
            }
            return y;
        }

        @Override
        public Tensor predict(Tensor batch) {
            predictedExamples.addAndGet(batch.dim(0));
            List<int[]> dims = new ArrayList<>();
            float[] out = last(forward(batch, false, dims, new ArrayList<>()));
            return Tensor.of(out, dims.get(dims.size() - 1));
        }

        private static float[] last(List<float[]> l) {
            return l.get(l.size() - 1);
        }

        @Override
        public float loss(Tensor batch, int[] labels) {
            float[] p = predict(batch).data();
            int k = p.length / labels.length;
            double s = 0;
            for (int i = 0; i < labels.length; i++) {
                s += Metrics.crossEntropy(p[i * k + labels[i]]);
            }
            return (float) (s / labels.length);
        }

        @Override
        public float trainStep(Tensor batch, int[] labels, float[] sampleWeights) {
            if (opt == null) {
                throw new BackendException("compiled without an optimizer");
            }
            if (nanAfter > 0 && step >= nanAfter) {
                return Float.NaN;
            }
            List<int[]> dims = new ArrayList<>();
            List<float[]> masks = new ArrayList<>();
            List<float[]> acts = forward(batch, true, dims, masks);
            int n = labels.length;
            float[] p = last(acts);
            int k = p.length / n;
            double loss = 0;
            float[] g = new float[p.length];
            for (int i = 0; i < n; i++) {
                float sw = sampleWeights == null ? 1f : sampleWeights[i];
                loss += sw * Metrics.crossEntropy(p[i * k + labels[i]]);
                for (int j = 0; j < k; j++) {
                    g[i * k + j] = sw * (p[i * k + j] - (j == labels[i] ? 1f : 0f)) / n;
                }
            }
            Map<String, float[]> grads = new LinkedHashMap<>();
            boolean logits = true;
            for (int li = graph.nodes().size() - 1; li >= 1; li--) {
                Node node = graph.nodes().get(li);
                float[] x = acts.get(li - 1);
                float[] y = acts.get(li);
                int[] dx = dims.get(li - 1);
                if (node instanceof Dense de) {
                    if (!logits) {
                        g = actGrad(g, y, de.activation());
                    }
                    g = denseBack(g, x, dx[0], dx[1], de.units(), de.name(), de.useBias(), grads);
                } else if (node instanceof Conv2D c) {
                    g = actGrad(g, y, c.activation());
                    int in = dx[3];
                    g = denseBack(g, x, x.length / in, in, c.filters(), c.name(), c.useBias(), grads);
                } else if (node instanceof Activation a) {
                    g = actGrad(g, y, a.fn());
                } else if (node instanceof GlobalAveragePool) {
                    int c = dx[3];
                    int hw = dx[1] * dx[2];
                    float[] gx = new float[x.length];
                    for (int i = 0; i < dx[0]; i++) {
                        for (int q = 0; q < hw; q++) {
                            for (int ch = 0; ch < c; ch++) {
                                gx[(i * hw + q) * c + ch] = g[i * c + ch] / hw;
                            }
                        }
                    }
                    g = gx;
                } else if (node instanceof Dropout) {
                    float[] mask = masks.get(li - 1);
                    if (mask != null) {
                        for (int i = 0; i < g.length; i++) {
                            g[i] *= mask[i];
                        }
                    }
                }
                logits = false;
            }
            step++;
            grads.forEach(this::apply);
            return (float) (loss / n);
        }

        private float[] actGrad(float[] g, float[] y, ActivationFn act) {
            if (act == ActivationFn.RELU) {
                float[] out = g.clone();
                for (int i = 0; i < out.length; i++) {
                    out[i] = y[i] > 0 ? out[i] : 0;
                }
                return out;
            }
            if (act == ActivationFn.LINEAR) {
                return g;
            }
            throw new BackendException("fake backend cannot differentiate " + act + " here");
        }

        private float[] denseBack(float[] g, float[] x, int rows, int in, int out, String layer, boolean bias,
                Map<String, float[]> grads) {
            float[] k = w.get(layer + "/kernel");
            float[] gk = new float[k.length];
            float[] gx = new float[rows * in];
            float[] gb = new float[out];
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < out; o++) {
                    float go = g[r * out + o];
                    gb[o] += go;
                    for (int i = 0; i < in; i++) {
                        gk[i * out + o] += x[r * in + i] * go;
                        gx[r * in + i] += k[i * out + o] * go;
                    }
                }
            }
            if (trainable.contains(layer)) {
                grads.put(layer + "/kernel", gk);
                if (bias) {
                    grads.put(layer + "/bias", gb);
                }
            }
            return gx;
        }

        private void apply(String name, float[] grad) {
            float[] p = w.get(name);
            if (opt.kind() == OptimizerSpec.Kind.SGD) {
                for (int i = 0; i < p.length; i++) {
                    p[i] -= (float) (lr * grad[i]);
                }
                return;
            }
            float[] mm = m.computeIfAbsent(name, x -> new float[p.length]);
            float[] vv = v.computeIfAbsent(name, x -> new float[p.length]);
            double lrT = lr * Math.sqrt(1 - Math.pow(opt.beta2(), step)) / (1 - Math.pow(opt.beta1(), step));
            for (int i = 0; i < p.length; i++) {
                mm[i] = (float) (opt.beta1() * mm[i] + (1 - opt.beta1()) * grad[i]);
                vv[i] = (float) (opt.beta2() * vv[i] + (1 - opt.beta2()) * grad[i] * grad[i]);
                p[i] -= (float) (lrT * mm[i] / (Math.sqrt(vv[i]) + opt.epsilon()));
            }
        }

        @Override
        public Weights weights() {
            Map<String, Tensor> out = new LinkedHashMap<>();
            w.forEach((k, d) -> out.put(k, Tensor.of(d.clone(), shapes.get(k))));
            return Weights.of(out);
        }

        @Override
        public Weights optimizerState() {
            Map<String, Tensor> out = new LinkedHashMap<>();
            out.put("iterations", Tensor.of(new float[] {step}, 1));
            m.forEach((k, d) -> out.put("m:" + k, Tensor.of(d.clone(), d.length)));
            v.forEach((k, d) -> out.put("v:" + k, Tensor.of(d.clone(), d.length)));
            return Weights.of(out);
        }

        @Override
        public void loadOptimizerState(Weights state) {
            state.asMap().forEach((k, t) -> {
                if (k.equals("iterations")) {
                    step = (long) t.data()[0];
                } else if (k.startsWith("m:")) {
                    m.put(k.substring(2), t.data().clone());
                } else if (k.startsWith("v:")) {
                    v.put(k.substring(2), t.data().clone());
                }
            });
        }

        @Override
        public void setLearningRate(double learningRate) {
            lr = learningRate;
        }

        @Override
        public void export(Path target, ExportFormat format, Preprocessing preprocessing, List<String> labels) {
            throw new BackendException("fake backend cannot export");
        }

        @Override
        public void close() {
        }
    }
}
