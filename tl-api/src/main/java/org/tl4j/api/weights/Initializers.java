package org.tl4j.api.weights;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.graph.WeightSlot;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.internal.SplitMix64;

/**
 * Deterministic weight initialisers for a graph: {@link #keras} for {@code weights = none} (Keras's defaults), and
 * {@link #parity} for numerical parity fixtures, which an independent engine rebuilds bit for bit.
 *
 * <p>Both draw from one counter-based generator, {@link #uniform}: value {@code i} (row-major over the Keras shape)
 * of weight {@code layer/slot} depends only on that name, {@code i} and the seed, so it is the same whatever the
 * layer order, and a few lines of NumPy reproduce it ({@code tl-backend-tensorflow/src/test/resources/parity/
 * make_parity_fixtures.py} does). The definition, all arithmetic on unsigned 64-bit integers modulo 2<sup>64</sup>:
 * <pre>
 * key = fnv1a64(utf8(name)) ^ (seed · 0x9E3779B97F4A7C15)
 * z   = splitmix64_mix(key + (i + 1) · 0x9E3779B97F4A7C15)
 * u   = (float) (z &gt;&gt;&gt; 40) · 2^-23 − 1          // exact in float32, in [−1, 1)
 * </pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Initializers {
    /** The kernel gain of {@link #parity(Graph, long)}: He's {@code √6}, which keeps ReLU activations of order 1. */
    public static final double HE_GAIN = Math.sqrt(6.0);

    private static final long GOLDEN = SplitMix64.GOLDEN;
    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;
    private static final float TWO_POW_MINUS_23 = 0x1p-23f;

    private Initializers() {
    }

    /**
     * Keras's default initialisers, seeded: Glorot-uniform kernels (also depthwise kernels, with Keras's fans
     * {@code receptive·in} and {@code receptive·out}), zero biases, BatchNorm {@code γ = 1, β = 0, mean = 0,
     * var = 1}.
     */
    public static Weights keras(Graph graph, long seed) {
        return build(graph, (slot, name) -> switch (slot.name()) {
            case "kernel", "depthwise_kernel" -> scaled(name, slot.shape(), seed,
                    (float) Math.sqrt(6.0 / (fanIn(slot.shape()) + fanOut(slot.shape()))));
            case "gamma", "moving_variance" -> filled(slot.shape(), 1f);
            default -> filled(slot.shape(), 0f);
        });
    }

    /** {@link #parity(Graph, long, double)} with {@link #HE_GAIN}. */
    public static Weights parity(Graph graph, long seed) {
        return parity(graph, seed, HE_GAIN);
    }

    /**
     * Weights whose activations stay of order 1 through a deep network (unlike random init, under which MobileNetV2
     * collapses to about 1e-8), rebuilt exactly by the Python fixture script. With {@code u} from {@link #uniform},
     * all in float32:
     * <ul>
     * <li>{@code kernel}: {@code u · (float) (gain / √fanIn)}, {@code fanIn = kh·kw·in} (Dense: {@code in});
     * <li>{@code depthwise_kernel}: the same with {@code fanIn = kh·kw};
     * <li>{@code bias}, {@code beta}, {@code moving_mean}: {@code 0.1f · u};
     * <li>{@code gamma}: {@code 1 + 0.1f · u}; {@code moving_variance}: {@code 1 + 0.5f · |u|}.
     * </ul>
     */
    public static Weights parity(Graph graph, long seed, double kernelGain) {
        return build(graph, (slot, name) -> {
            Shape s = slot.shape();
            return switch (slot.name()) {
                case "kernel" -> scaled(name, s, seed, (float) (kernelGain / Math.sqrt(fanIn(s))));
                case "depthwise_kernel" -> scaled(name, s, seed, (float) (kernelGain / Math.sqrt(s.dim(0) * s.dim(1))));
                case "gamma" -> map(name, s, seed, u -> 1f + 0.1f * u);
                case "moving_variance" -> map(name, s, seed, u -> 1f + 0.5f * Math.abs(u));
                default -> map(name, s, seed, u -> 0.1f * u);
            };
        });
    }

    /** Value {@code index} of the named stream: a float32 in [−1, 1) (see the class comment for the definition). */
    public static float uniform(String name, long index, long seed) {
        return uniformAt(key(name, seed), index);
    }

    /** {@code count} consecutive values of the named stream, from index 0. */
    public static float[] uniform(String name, int count, long seed) {
        long key = key(name, seed);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = uniformAt(key, i);
        }
        return out;
    }

    private static long key(String name, long seed) {
        long h = FNV_OFFSET;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= FNV_PRIME;
        }
        return h ^ (seed * GOLDEN);
    }

    private static float uniformAt(long key, long index) {
        long z = SplitMix64.mix(key + (index + 1) * GOLDEN);
        return (z >>> 40) * TWO_POW_MINUS_23 - 1f;
    }

    /** Keras's {@code compute_fans}: the receptive field times the second-to-last dimension. */
    private static long fanIn(Shape s) {
        return s.rank() == 1 ? s.dim(0) : s.size() / s.channels();
    }

    private static long fanOut(Shape s) {
        return s.rank() == 1 ? s.dim(0) : s.size() / s.dim(s.rank() - 2);
    }

    private static Tensor scaled(String name, Shape s, long seed, float scale) {
        return map(name, s, seed, u -> u * scale);
    }

    private static Tensor map(String name, Shape s, long seed, FloatOp op) {
        float[] data = uniform(name, Math.toIntExact(s.size()), seed);
        for (int i = 0; i < data.length; i++) {
            data[i] = op.apply(data[i]);
        }
        return Tensor.of(data, s.dims());
    }

    private static Tensor filled(Shape s, float value) {
        float[] data = new float[Math.toIntExact(s.size())];
        Arrays.fill(data, value);
        return Tensor.of(data, s.dims());
    }

    private static Weights build(Graph graph, SlotInit init) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            for (WeightSlot slot : graph.weightSlots(n)) {
                String name = n.name() + "/" + slot.name();
                out.put(name, init.create(slot, name));
            }
        }
        return Weights.of(out);
    }

    @FunctionalInterface
    private interface SlotInit {
        Tensor create(WeightSlot slot, String name);
    }

    @FunctionalInterface
    private interface FloatOp {
        float apply(float u);
    }
}
