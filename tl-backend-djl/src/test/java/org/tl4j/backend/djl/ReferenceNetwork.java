package org.tl4j.backend.djl;

import java.util.HashMap;
import java.util.Map;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Add;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.DepthwiseConv2D;
import org.tl4j.api.graph.Dropout;
import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.MaxPool;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.graph.ZeroPadding;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;

/**
 * A deliberately plain Java implementation of the layer graph in inference mode, in double precision, written from
 * the Keras formulas (NHWC, HWIO, TF "same" padding with the odd pixel after, BatchNorm on moving statistics) and
 * independent of the ONNX translation it checks.
 */
final class ReferenceNetwork {
    private ReferenceNetwork() {
    }

    /** A feature map or vector batch in double precision, NHWC. */
    private record Value(double[] data, int n, int h, int w, int c) {
        double at(int b, int y, int x, int ch) {
            return data[((b * h + y) * w + x) * c + ch];
        }
    }

    static Tensor run(Graph graph, Weights weights, Tensor batch) {
        Map<String, Value> values = new HashMap<>();
        for (Node node : graph.nodes()) {
            values.put(node.name(), eval(node, graph, weights, values, batch));
        }
        Value out = values.get(graph.outputName());
        float[] f = new float[out.data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) out.data[i];
        }
        return graph.outputShape().rank() == 3 ? Tensor.of(f, out.n, out.h, out.w, out.c) : Tensor.of(f, out.n, out.c);
    }

    private static Value eval(Node node, Graph graph, Weights weights, Map<String, Value> values, Tensor batch) {
        if (node instanceof Input in) {
            double[] d = new double[batch.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = batch.data()[i];
            }
            Shape s = in.shape();
            return s.rank() == 3 ? new Value(d, batch.dim(0), s.height(), s.width(), s.channels())
                    : new Value(d, batch.dim(0), 1, 1, s.channels());
        }
        Value x = values.get(node.inputs().get(0));
        if (node instanceof Conv2D c) {
            Value y = conv(x, weights.get(c.name() + "/kernel").data(), c.kernelH(), c.kernelW(), c.strideH(),
                    c.strideW(), c.padding(), c.filters(), false, 1);
            return activate(bias(y, c.useBias() ? weights.get(c.name() + "/bias").data() : null), c.activation());
        } else if (node instanceof DepthwiseConv2D d) {
            Value y = conv(x, weights.get(d.name() + "/depthwise_kernel").data(), d.kernelH(), d.kernelW(),
                    d.strideH(), d.strideW(), d.padding(), x.c * d.depthMultiplier(), true, d.depthMultiplier());
            return activate(bias(y, d.useBias() ? weights.get(d.name() + "/bias").data() : null), d.activation());
        } else if (node instanceof BatchNorm bn) {
            float[] g = weights.get(bn.name() + "/gamma").data();
            float[] b = weights.get(bn.name() + "/beta").data();
            float[] m = weights.get(bn.name() + "/moving_mean").data();
            float[] v = weights.get(bn.name() + "/moving_variance").data();
            double[] out = x.data.clone();
            for (int i = 0; i < out.length; i++) {
                int ch = i % x.c;
                out[i] = (out[i] - m[ch]) / Math.sqrt(v[ch] + bn.epsilon()) * g[ch] + b[ch];
            }
            return new Value(out, x.n, x.h, x.w, x.c);
        } else if (node instanceof Activation a) {
            return activate(x, a.fn());
        } else if (node instanceof ZeroPadding z) {
            int h = x.h + z.top() + z.bottom();
            int w = x.w + z.left() + z.right();
            double[] out = new double[x.n * h * w * x.c];
            for (int b = 0; b < x.n; b++) {
                for (int i = 0; i < x.h; i++) {
                    for (int j = 0; j < x.w; j++) {
                        for (int ch = 0; ch < x.c; ch++) {
                            out[((b * h + i + z.top()) * w + j + z.left()) * x.c + ch] = x.at(b, i, j, ch);
                        }
                    }
                }
            }
            return new Value(out, x.n, h, w, x.c);
        } else if (node instanceof MaxPool m) {
            return maxPool(x, m);
        } else if (node instanceof Add a) {
            double[] out = new double[x.data.length];
            for (String in : a.inputs()) {
                double[] d = values.get(in).data;
                for (int i = 0; i < out.length; i++) {
                    out[i] += d[i];
                }
            }
            return new Value(out, x.n, x.h, x.w, x.c);
        } else if (node instanceof GlobalAveragePool) {
            double[] out = new double[x.n * x.c];
            for (int b = 0; b < x.n; b++) {
                for (int i = 0; i < x.h * x.w; i++) {
                    for (int ch = 0; ch < x.c; ch++) {
                        out[b * x.c + ch] += x.data[(b * x.h * x.w + i) * x.c + ch] / (x.h * x.w);
                    }
                }
            }
            return new Value(out, x.n, 1, 1, x.c);
        } else if (node instanceof Dense d) {
            float[] k = weights.get(d.name() + "/kernel").data();
            double[] out = new double[x.n * d.units()];
            for (int b = 0; b < x.n; b++) {
                for (int u = 0; u < d.units(); u++) {
                    double s = d.useBias() ? weights.get(d.name() + "/bias").data()[u] : 0;
                    for (int i = 0; i < x.c; i++) {
                        s += x.data[b * x.c + i] * k[i * d.units() + u];
                    }
                    out[b * d.units() + u] = s;
                }
            }
            return activate(new Value(out, x.n, 1, 1, d.units()), d.activation());
        } else if (node instanceof Dropout) {
            return x;
        }
        throw new IllegalArgumentException("no reference for " + node);
    }

    private static Value conv(Value x, float[] k, int kh, int kw, int sh, int sw, Padding padding, int cout,
            boolean depthwise, int multiplier) {
        int oh = padding.outputSize(x.h, kh, sh);
        int ow = padding.outputSize(x.w, kw, sw);
        int top = padding.amounts(x.h, kh, sh)[0];
        int left = padding.amounts(x.w, kw, sw)[0];
        double[] out = new double[x.n * oh * ow * cout];
        for (int b = 0; b < x.n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int o = 0; o < cout; o++) {
                        double s = 0;
                        for (int u = 0; u < kh; u++) {
                            int yy = i * sh + u - top;
                            for (int v = 0; v < kw; v++) {
                                int xx = j * sw + v - left;
                                if (yy < 0 || yy >= x.h || xx < 0 || xx >= x.w) {
                                    continue;
                                }
                                if (depthwise) {
                                    int ch = o / multiplier;
                                    s += x.at(b, yy, xx, ch) * k[((u * kw + v) * x.c + ch) * multiplier
                                            + o % multiplier];
                                } else {
                                    for (int ch = 0; ch < x.c; ch++) {
                                        s += x.at(b, yy, xx, ch) * k[((u * kw + v) * x.c + ch) * cout + o];
                                    }
                                }
                            }
                        }
                        out[((b * oh + i) * ow + j) * cout + o] = s;
                    }
                }
            }
        }
        return new Value(out, x.n, oh, ow, cout);
    }

    private static Value maxPool(Value x, MaxPool m) {
        int oh = m.padding().outputSize(x.h, m.poolH(), m.strideH());
        int ow = m.padding().outputSize(x.w, m.poolW(), m.strideW());
        int top = m.padding().amounts(x.h, m.poolH(), m.strideH())[0];
        int left = m.padding().amounts(x.w, m.poolW(), m.strideW())[0];
        double[] out = new double[x.n * oh * ow * x.c];
        for (int b = 0; b < x.n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int ch = 0; ch < x.c; ch++) {
                        double best = Double.NEGATIVE_INFINITY;
                        for (int u = 0; u < m.poolH(); u++) {
                            for (int v = 0; v < m.poolW(); v++) {
                                int yy = i * m.strideH() + u - top;
                                int xx = j * m.strideW() + v - left;
                                if (yy >= 0 && yy < x.h && xx >= 0 && xx < x.w) {
                                    best = Math.max(best, x.at(b, yy, xx, ch));
                                }
                            }
                        }
                        out[((b * oh + i) * ow + j) * x.c + ch] = best;
                    }
                }
            }
        }
        return new Value(out, x.n, oh, ow, x.c);
    }

    private static Value bias(Value y, float[] bias) {
        if (bias == null) {
            return y;
        }
        double[] out = y.data.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += bias[i % y.c];
        }
        return new Value(out, y.n, y.h, y.w, y.c);
    }

    private static Value activate(Value x, ActivationFn fn) {
        double[] out = x.data.clone();
        switch (fn) {
            case LINEAR -> {
            }
            case RELU -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Math.max(0, out[i]);
                }
            }
            case RELU6 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Math.min(6, Math.max(0, out[i]));
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = 1 / (1 + Math.exp(-out[i]));
                }
            }
            case SOFTMAX -> {
                for (int r = 0; r < out.length / x.c; r++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < x.c; j++) {
                        max = Math.max(max, out[r * x.c + j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < x.c; j++) {
                        out[r * x.c + j] = Math.exp(out[r * x.c + j] - max);
                        sum += out[r * x.c + j];
                    }
                    for (int j = 0; j < x.c; j++) {
                        out[r * x.c + j] /= sum;
                    }
                }
            }
        }
        return new Value(out, x.n, x.h, x.w, x.c);
    }
}
