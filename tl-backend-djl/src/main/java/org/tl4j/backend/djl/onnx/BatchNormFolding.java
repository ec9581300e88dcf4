package org.tl4j.backend.djl.onnx;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.DepthwiseConv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.api.weights.Weights;

/**
 * Which BatchNorm layers fold into the convolution before them. An inference-mode BatchNorm is a per-channel affine
 * map, so {@code BN(conv(x, K) + b) = conv(x, K·s) + (b − mean)·s + β} with {@code s = γ / √(var + ε)}: exact up to
 * float rounding, and one operator instead of two. A pair folds when the convolution (plain or depthwise) has no
 * fused activation and feeds only the BatchNorm. Everything the djl backend runs in ONNX Runtime is frozen, so no
 * trainable set is needed here.
 */
final class BatchNormFolding {
    private final Map<String, BatchNorm> bnOfConv;
    private final Set<String> folded;

    private BatchNormFolding(Map<String, BatchNorm> bnOfConv, Set<String> folded) {
        this.bnOfConv = bnOfConv;
        this.folded = folded;
    }

    /** Finds the foldable pairs of a graph. */
    static BatchNormFolding plan(Graph graph) {
        Map<String, Integer> consumers = new HashMap<>();
        for (Node n : graph.nodes()) {
            for (String in : n.inputs()) {
                consumers.merge(in, 1, Integer::sum);
            }
        }
        consumers.merge(graph.outputName(), 1, Integer::sum);
        Map<String, BatchNorm> pairs = new HashMap<>();
        Set<String> layers = new HashSet<>();
        for (Node n : graph.nodes()) {
            if (n instanceof BatchNorm bn) {
                Node conv = graph.node(bn.input());
                if (isLinearConv(conv) && consumers.get(conv.name()) == 1) {
                    pairs.put(conv.name(), bn);
                    layers.add(bn.name());
                }
            }
        }
        return new BatchNormFolding(pairs, layers);
    }

    private static boolean isLinearConv(Node n) {
        return n instanceof Conv2D c && c.activation() == ActivationFn.LINEAR
                || n instanceof DepthwiseConv2D d && d.activation() == ActivationFn.LINEAR;
    }

    /** The BatchNorm folded into this convolution, or null. */
    BatchNorm foldedInto(String convName) {
        return bnOfConv.get(convName);
    }

    /** Whether this BatchNorm is folded into its convolution. */
    boolean isFolded(String batchNorm) {
        return folded.contains(batchNorm);
    }

    /**
     * The folded OIHW kernel and bias, computed in double: {@code [K·s, (b − mean)·s + β]}.
     *
     * @param oihw     the kernel with the output channel first
     * @param bias     the convolution's bias, or null
     * @param channels the number of output channels
     */
    static float[][] fold(float[] oihw, float[] bias, int channels, Weights weights, BatchNorm bn) {
        float[] gamma = weights.get(bn.name() + "/gamma").data();
        float[] beta = weights.get(bn.name() + "/beta").data();
        float[] mean = weights.get(bn.name() + "/moving_mean").data();
        float[] var = weights.get(bn.name() + "/moving_variance").data();
        double[] scale = new double[channels];
        float[] foldedBias = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = gamma[c] / Math.sqrt(var[c] + bn.epsilon());
            double b = bias == null ? 0 : bias[c];
            foldedBias[c] = (float) ((b - mean[c]) * scale[c] + beta[c]);
        }
        int perChannel = oihw.length / channels;
        float[] kernel = new float[oihw.length];
        for (int i = 0; i < oihw.length; i++) {
            kernel[i] = (float) (oihw[i] * scale[i / perChannel]);
        }
        return new float[][] {kernel, foldedBias};
    }
}
