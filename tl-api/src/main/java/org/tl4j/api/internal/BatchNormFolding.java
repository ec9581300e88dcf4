package org.tl4j.api.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.DepthwiseConv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.api.weights.Weights;

/**
 * Which BatchNorm layers fold into the convolution before them, and the folded weights; backends use it to run a
 * frozen convolution and its BatchNorm as one convolution. An inference-mode BatchNorm is a per-channel affine map, so
 * {@code BN(conv(x, K) + b) = conv(x, K·s) + (b − mean)·s + β} with {@code s = γ / √(var + ε)}: exact up to float
 * rounding. A pair folds when the convolution (plain or depthwise) has no fused activation, feeds only the BatchNorm
 * (in particular, is not the graph output), and neither layer is trainable.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class BatchNormFolding {
    /** Where a kernel keeps its output channel, which decides the channel of each kernel element. */
    public enum KernelLayout {
        /** Output channel first ({@code OIHW}, as in ONNX): element {@code i} is channel {@code i / (size / C)}. */
        OUTPUT_FIRST,
        /**
         * Output channel last ({@code HWIO}, and Keras' depthwise {@code kh×kw×C×m}): element {@code i} is channel
         * {@code i mod C}.
         */
        OUTPUT_LAST
    }

    private final Map<String, BatchNorm> bnOfConv;
    private final Set<String> foldedLayers;

    private BatchNormFolding(Map<String, BatchNorm> bnOfConv, Set<String> foldedLayers) {
        this.bnOfConv = bnOfConv;
        this.foldedLayers = foldedLayers;
    }

    /**
     * Finds the foldable pairs of a graph.
     *
     * @param trainable the layers that must keep their own weights (trained, or BatchNorms using batch statistics)
     */
    public static BatchNormFolding plan(Graph graph, Set<String> trainable) {
        Map<String, Integer> consumers = new HashMap<>();
        for (Node n : graph.nodes()) {
            for (String in : n.inputs()) {
                consumers.merge(in, 1, Integer::sum);
            }
        }
        consumers.merge(graph.outputName(), 1, Integer::sum);
        Map<String, BatchNorm> pairs = new LinkedHashMap<>();
        Set<String> folded = new HashSet<>();
        for (Node n : graph.nodes()) {
            if (n instanceof BatchNorm bn && !trainable.contains(bn.name())) {
                Node conv = graph.node(bn.input());
                if (isLinearConv(conv) && consumers.get(conv.name()) == 1 && !trainable.contains(conv.name())) {
                    pairs.put(conv.name(), bn);
                    folded.add(conv.name());
                    folded.add(bn.name());
                }
            }
        }
        return new BatchNormFolding(pairs, folded);
    }

    private static boolean isLinearConv(Node n) {
        return n instanceof Conv2D c && c.activation() == ActivationFn.LINEAR
                || n instanceof DepthwiseConv2D d && d.activation() == ActivationFn.LINEAR;
    }

    /** The BatchNorm folded into this convolution, or null. */
    public BatchNorm foldedInto(String convName) {
        return bnOfConv.get(convName);
    }

    /** Whether this layer (a convolution or a BatchNorm) is part of a folded pair. */
    public boolean isFolded(String layer) {
        return foldedLayers.contains(layer);
    }

    /** The number of folded pairs. */
    public int size() {
        return bnOfConv.size();
    }

    /**
     * The folded kernel and bias of a convolution, {@code {K·s, (b − mean)·s + β}}, computed in double from the
     * BatchNorm's {@code gamma}, {@code beta}, {@code moving_mean} and {@code moving_variance} in {@code weights}.
     *
     * @param kernel the convolution's kernel, in {@code layout}
     * @param bias   the convolution's bias, or null when it has none
     */
    public static float[][] fold(float[] kernel, float[] bias, KernelLayout layout, Weights weights, BatchNorm bn) {
        float[] gamma = weights.get(bn.name() + "/gamma").data();
        float[] beta = weights.get(bn.name() + "/beta").data();
        float[] mean = weights.get(bn.name() + "/moving_mean").data();
        float[] var = weights.get(bn.name() + "/moving_variance").data();
        int channels = gamma.length;
        double[] scale = new double[channels];
        float[] foldedBias = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = gamma[c] / Math.sqrt(var[c] + bn.epsilon());
            double b = bias == null ? 0 : bias[c];
            foldedBias[c] = (float) ((b - mean[c]) * scale[c] + beta[c]);
        }
        int perChannel = kernel.length / channels;
        float[] foldedKernel = new float[kernel.length];
        if (layout == KernelLayout.OUTPUT_FIRST) {
            for (int c = 0, i = 0; c < channels; c++) {
                for (int j = 0; j < perChannel; j++, i++) {
                    foldedKernel[i] = (float) (kernel[i] * scale[c]);
                }
            }
        } else {
            for (int base = 0; base < kernel.length; base += channels) {
                for (int c = 0; c < channels; c++) {
                    foldedKernel[base + c] = (float) (kernel[base + c] * scale[c]);
                }
            }
        }
        return new float[][] {foldedKernel, foldedBias};
    }
}
