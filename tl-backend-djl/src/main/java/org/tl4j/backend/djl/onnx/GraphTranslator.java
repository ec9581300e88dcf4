package org.tl4j.backend.djl.onnx;

import static org.tl4j.backend.djl.onnx.OnnxGraphBuilder.floatAttr;
import static org.tl4j.backend.djl.onnx.OnnxGraphBuilder.intAttr;
import static org.tl4j.backend.djl.onnx.OnnxGraphBuilder.intsAttr;
import static org.tl4j.backend.djl.onnx.OnnxGraphBuilder.stringAttr;

import ai.onnx.proto.OnnxMl.AttributeProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.tl4j.api.graph.Shape;
import org.tl4j.api.graph.ZeroPadding;
import org.tl4j.api.internal.BatchNormFolding.KernelLayout;
import org.tl4j.api.internal.BatchNormFolding;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;

/**
 * Writes the nodes of a tl4j layer graph into an ONNX graph. Feature maps are NCHW inside (the layout of ONNX's
 * convolution and pooling operators): the NHWC input is transposed once at the start and the output once at the
 * end. Keras semantics are kept exactly: TF "same" padding becomes explicit, possibly asymmetric pads (the odd pixel
 * at the bottom/right), HWIO kernels become OIHW, a depthwise kernel {@code kh×kw×C×m} becomes a grouped
 * convolution, and an inference-mode BatchNorm that follows a convolution without activation is folded into it.
 * Only the nodes the output depends on are written.
 */
final class GraphTranslator {
    private final OnnxGraphBuilder b;
    private final Graph graph;
    private final Weights weights;
    private final OnnxOpsets opsets;
    private final BatchNormFolding folding;
    private final Map<String, String> values = new HashMap<>();
    private String clipMin;
    private String clipMax;

    private GraphTranslator(OnnxGraphBuilder b, Graph graph, Weights weights, OnnxOpsets opsets) {
        this.b = b;
        this.graph = graph;
        this.weights = weights;
        this.opsets = opsets;
        this.folding = BatchNormFolding.plan(graph, Set.of());
    }

    /**
     * Translates {@code graph} reading {@code input} (a value in tl4j's layout: {@code [n, h, w, c]} or
     * {@code [n, c]}) and returns the value of the graph output, in tl4j's layout too.
     */
    static String translate(OnnxGraphBuilder b, Graph graph, Weights weights, String input, OnnxOpsets opsets) {
        return new GraphTranslator(b, graph, weights, opsets).run(input);
    }

    private String run(String input) {
        Set<String> needed = needed();
        for (Node n : graph.nodes()) {
            if (needed.contains(n.name()) && !values.containsKey(n.name())) {
                values.put(n.name(), n instanceof Input in ? fromTl4j(input, in.shape()) : emit(n));
            }
        }
        return toTl4j(values.get(graph.outputName()), graph.outputShape());
    }

    /** The nodes the output depends on. */
    private Set<String> needed() {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(graph.outputName()));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (seen.add(name)) {
                todo.addAll(graph.node(name).inputs());
            }
        }
        return seen;
    }

    private String fromTl4j(String value, Shape shape) {
        return shape.rank() == 3 ? b.node("Transpose", List.of(value), "input_nchw", intsAttr("perm", 0, 3, 1, 2))
                : value;
    }

    private String toTl4j(String value, Shape shape) {
        return shape.rank() == 3 ? b.node("Transpose", List.of(value), "output_nhwc", intsAttr("perm", 0, 2, 3, 1))
                : value;
    }

    private String in(Node n, int i) {
        return values.get(n.inputs().get(i));
    }

    private Shape inShape(Node n) {
        return graph.inputShapes(n).get(0);
    }

    private String emit(Node n) {
        if (n instanceof Conv2D c) {
            return conv(c);
        } else if (n instanceof DepthwiseConv2D d) {
            return depthwise(d);
        } else if (n instanceof BatchNorm bn) {
            return folding.isFolded(bn.name()) ? values.get(bn.input()) : batchNorm(bn);
        } else if (n instanceof Activation a) {
            return activation(in(a, 0), a.fn(), a.name());
        } else if (n instanceof ZeroPadding z) {
            String pads = b.longs(z.name() + "_pads", new long[] {0, 0, z.top(), z.left(), 0, 0, z.bottom(), z.right()},
                    8);
            return b.node("Pad", List.of(in(z, 0), pads), z.name());
        } else if (n instanceof MaxPool m) {
            return b.node("MaxPool", List.of(in(m, 0)), m.name(), window(inShape(m), m.poolH(), m.poolW(),
                    m.strideH(), m.strideW(), m.padding(), intsAttr("kernel_shape", m.poolH(), m.poolW())));
        } else if (n instanceof AveragePool p) {
            return b.node("AveragePool", List.of(in(p, 0)), p.name(), window(inShape(p), p.poolH(), p.poolW(),
                    p.strideH(), p.strideW(), p.padding(), intsAttr("kernel_shape", p.poolH(), p.poolW())));
        } else if (n instanceof Flatten f) {
            // back to NHWC first, so that the vector has Keras's (and the tensorflow backend's) order
            String nhwc = b.node("Transpose", List.of(in(f, 0)), f.name() + "_nhwc", intsAttr("perm", 0, 2, 3, 1));
            return b.node("Flatten", List.of(nhwc), f.name(), intAttr("axis", 1));
        } else if (n instanceof Add a) {
            List<String> ins = a.inputs().stream().map(values::get).toList();
            return b.node(ins.size() == 2 ? "Add" : "Sum", ins, a.name());
        } else if (n instanceof GlobalAveragePool g) {
            String pooled = b.node("GlobalAveragePool", List.of(in(g, 0)), g.name() + "_nc11");
            return b.node("Flatten", List.of(pooled), g.name(), intAttr("axis", 1));
        } else if (n instanceof Dense d) {
            return dense(d);
        } else if (n instanceof Dropout d) {
            return in(d, 0);
        } else if (n instanceof External e) {
            return ExternalOnnxModel.read(e).merge(b, in(e, 0), opsets);
        }
        throw new BackendException("the djl backend cannot translate layer '" + n.name() + "' (" + n.kerasClass()
                + ") to ONNX");
    }

    private String conv(Conv2D c) {
        Shape in = inShape(c);
        int cin = in.channels();
        float[] hwio = weights.get(c.name() + "/kernel").data();
        float[] oihw = new float[hwio.length];
        int kh = c.kernelH();
        int kw = c.kernelW();
        int cout = c.filters();
        for (int u = 0; u < kh; u++) {
            for (int v = 0; v < kw; v++) {
                for (int i = 0; i < cin; i++) {
                    int src = ((u * kw + v) * cin + i) * cout;
                    for (int o = 0; o < cout; o++) {
                        oihw[((o * cin + i) * kh + u) * kw + v] = hwio[src + o];
                    }
                }
            }
        }
        Tensor bias = c.useBias() ? weights.get(c.name() + "/bias") : null;
        return convNode(c.name(), in(c, 0), oihw, bias, new long[] {cout, cin, kh, kw}, 1,
                window(in, kh, kw, c.strideH(), c.strideW(), c.padding(), intsAttr("kernel_shape", kh, kw)),
                c.activation());
    }

    private String depthwise(DepthwiseConv2D d) {
        Shape in = inShape(d);
        int cin = in.channels();
        int m = d.depthMultiplier();
        int kh = d.kernelH();
        int kw = d.kernelW();
        float[] k = weights.get(d.name() + "/depthwise_kernel").data();
        float[] onnx = new float[k.length];
        for (int u = 0; u < kh; u++) {
            for (int v = 0; v < kw; v++) {
                for (int c = 0; c < cin; c++) {
                    for (int j = 0; j < m; j++) {
                        onnx[((c * m + j) * kh + u) * kw + v] = k[((u * kw + v) * cin + c) * m + j];
                    }
                }
            }
        }
        Tensor bias = d.useBias() ? weights.get(d.name() + "/bias") : null;
        return convNode(d.name(), in(d, 0), onnx, bias, new long[] {(long) cin * m, 1, kh, kw}, cin,
                window(in, kh, kw, d.strideH(), d.strideW(), d.padding(), intsAttr("kernel_shape", kh, kw)),
                d.activation());
    }

    /** A Conv node with an OIHW kernel; folds the following BatchNorm when planned, then the fused activation. */
    private String convNode(String name, String input, float[] oihw, Tensor bias, long[] dims, int group,
            AttributeProto[] window, ActivationFn activation) {
        float[] kernel = oihw;
        float[] b0 = bias == null ? null : bias.data();
        String outName = name;
        BatchNorm bn = folding.foldedInto(name);
        if (bn != null) {
            float[][] folded = BatchNormFolding.fold(kernel, b0, KernelLayout.OUTPUT_FIRST, weights, bn);
            kernel = folded[0];
            b0 = folded[1];
            outName = bn.name();
        }
        List<String> ins = new ArrayList<>(List.of(input, b.floats(name + "_kernel", kernel, dims)));
        if (b0 != null) {
            ins.add(b.floats(outName + "_bias", b0, dims[0]));
        }
        AttributeProto[] attrs = new AttributeProto[window.length + 1];
        System.arraycopy(window, 0, attrs, 0, window.length);
        attrs[window.length] = intAttr("group", group);
        String out = b.node("Conv", ins, outName, attrs);
        return activation(out, activation, outName + "_" + activation.keras());
    }

    /**
     * Kernel, strides and pads of a windowed operator. TF "same" padding becomes explicit {@code [top, left,
     * bottom, right]} pads; only when the input size is unknown until run time does it become {@code SAME_UPPER},
     * which ONNX defines as TF does (the odd pixel after).
     */
    private static AttributeProto[] window(Shape in, int kh, int kw, int sh, int sw, Padding padding,
            AttributeProto kernelShape) {
        AttributeProto strides = intsAttr("strides", sh, sw);
        if (padding == Padding.SAME && (in.height() == Shape.UNKNOWN || in.width() == Shape.UNKNOWN)) {
            return new AttributeProto[] {kernelShape, strides, stringAttr("auto_pad", "SAME_UPPER")};
        }
        int[] ph = padding.amounts(in.height(), kh, sh);
        int[] pw = padding.amounts(in.width(), kw, sw);
        return new AttributeProto[] {kernelShape, strides, intsAttr("pads", ph[0], pw[0], ph[1], pw[1])};
    }

    private String batchNorm(BatchNorm bn) {
        String n = bn.name();
        int c = inShape(bn).channels();
        List<String> ins = List.of(in(bn, 0),
                b.floats(n + "_gamma", weights.get(n + "/gamma").data(), c),
                b.floats(n + "_beta", weights.get(n + "/beta").data(), c),
                b.floats(n + "_mean", weights.get(n + "/moving_mean").data(), c),
                b.floats(n + "_variance", weights.get(n + "/moving_variance").data(), c));
        return b.node("BatchNormalization", ins, n, floatAttr("epsilon", (float) bn.epsilon()));
    }

    private String dense(Dense d) {
        int in = inShape(d).channels();
        List<String> ins = new ArrayList<>(List.of(in(d, 0),
                b.floats(d.name() + "_kernel", weights.get(d.name() + "/kernel").data(), in, d.units())));
        if (d.useBias()) {
            ins.add(b.floats(d.name() + "_bias", weights.get(d.name() + "/bias").data(), d.units()));
        }
        String out = b.node("Gemm", ins, d.name());
        return activation(out, d.activation(), d.name() + "_" + d.activation().keras());
    }

    /** An element-wise activation; softmax runs over the channel axis (1 in both NCHW and {@code [n, c]}). */
    private String activation(String x, ActivationFn fn, String name) {
        return switch (fn) {
            case LINEAR -> x;
            case RELU -> b.node("Relu", List.of(x), name);
            case RELU6 -> b.node("Clip", List.of(x, clipMin(), clipMax()), name);
            case SIGMOID -> b.node("Sigmoid", List.of(x), name);
            case SOFTMAX -> b.node("Softmax", List.of(x), name, intAttr("axis", 1));
        };
    }

    private String clipMin() {
        if (clipMin == null) {
            clipMin = b.scalar("relu6_min", 0f);
        }
        return clipMin;
    }

    private String clipMax() {
        if (clipMax == null) {
            clipMax = b.scalar("relu6_max", 6f);
        }
        return clipMax;
    }
}
