package org.tl4j.backend.djl.head;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tl4j.spi.OptimizerSpec;

/**
 * Keras's optimizers on float arrays, with the float32 update rules of TensorFlow's training kernels (which Keras's
 * TensorFlow backend runs), so that the djl and tensorflow backends take the same steps:
 * <ul>
 * <li>Adam: {@code m += (g − m)(1 − β1)}, {@code v += (g² − v)(1 − β2)},
 * {@code w −= lr·√(1 − β2^t)/(1 − β1^t) · m / (√v + ε)};
 * <li>SGD: {@code w −= lr·g}; with momentum {@code m = μ·m − lr·g}, {@code w += m};
 * <li>RMSprop: {@code v += (g² − v)(1 − ρ)}, {@code w −= lr·g / √(v + ε)}; with momentum
 * {@code m = μ·m + lr·g / √(v + ε)}, {@code w −= m}.
 * </ul>
 * Slots are named as Keras names them, {@code <weight>/momentum} and {@code <weight>/velocity}, and start at zero.
 */
final class HeadOptimizer {
    static final String MOMENTUM = "momentum";
    static final String VELOCITY = "velocity";

    private final OptimizerSpec spec;
    private final Map<String, float[][]> slots = new LinkedHashMap<>();
    private double learningRate;

    HeadOptimizer(OptimizerSpec spec, List<Param> params) {
        this.spec = spec;
        this.learningRate = spec.learningRate();
        for (Param p : params) {
            for (String slot : slotNames()) {
                slots.put(p.name() + "/" + slot, new float[p.value().length][p.value()[0].length]);
            }
        }
    }

    private List<String> slotNames() {
        return switch (spec.kind()) {
            case ADAM -> List.of(MOMENTUM, VELOCITY);
            case SGD -> spec.momentum() > 0 ? List.of(MOMENTUM) : List.of();
            case RMSPROP -> spec.momentum() > 0 ? List.of(VELOCITY, MOMENTUM) : List.of(VELOCITY);
        };
    }

    void setLearningRate(double lr) {
        this.learningRate = lr;
    }

    /** Slot name → values (live rows, in creation order). */
    Map<String, float[][]> slots() {
        return slots;
    }

    /** Applies step {@code t} (1 for the first) to every parameter from its gradient. */
    void step(List<Param> params, long t) {
        float lr = (float) learningRate;
        for (Param p : params) {
            float[][] m = slots.get(p.name() + "/" + MOMENTUM);
            float[][] v = slots.get(p.name() + "/" + VELOCITY);
            for (int row = 0; row < p.value().length; row++) {
                float[] w = p.value()[row];
                float[] g = p.gradient()[row];
                switch (spec.kind()) {
                    case ADAM -> adam(w, g, m[row], v[row], lr, t);
                    case SGD -> sgd(w, g, m == null ? null : m[row], lr);
                    case RMSPROP -> rmsprop(w, g, v[row], m == null ? null : m[row], lr);
                    default -> throw new IllegalStateException(spec.kind().name());
                }
            }
        }
    }

    private void adam(float[] w, float[] g, float[] m, float[] v, float lr, long t) {
        float eps = (float) spec.epsilon();
        float b1Power = (float) Math.pow(spec.beta1(), t);
        float b2Power = (float) Math.pow(spec.beta2(), t);
        float alpha = lr * (float) Math.sqrt(1f - b2Power) / (1f - b1Power);
        float oneMinusB1 = 1f - (float) spec.beta1();
        float oneMinusB2 = 1f - (float) spec.beta2();
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            m[i] += (gi - m[i]) * oneMinusB1;
            v[i] += (gi * gi - v[i]) * oneMinusB2;
            w[i] -= m[i] * alpha / ((float) Math.sqrt(v[i]) + eps);
        }
    }

    private void sgd(float[] w, float[] g, float[] m, float lr) {
        if (m == null) {
            for (int i = 0; i < w.length; i++) {
                w[i] -= lr * g[i];
            }
            return;
        }
        float mu = (float) spec.momentum();
        for (int i = 0; i < w.length; i++) {
            m[i] = mu * m[i] - lr * g[i];
            w[i] += m[i];
        }
    }

    private void rmsprop(float[] w, float[] g, float[] v, float[] m, float lr) {
        float eps = (float) spec.epsilon();
        float mu = (float) spec.momentum();
        float oneMinusRho = 1f - (float) spec.rho();
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            v[i] += (gi * gi - v[i]) * oneMinusRho;
            float increment = gi * lr / (float) Math.sqrt(v[i] + eps);
            if (m == null) {
                w[i] -= increment;
            } else {
                m[i] = m[i] * mu + increment;
                w[i] -= m[i];
            }
        }
    }

    /**
     * A trainable array, as rows ({@code in×units} kernels: {@code in} rows; biases: one row), with its gradient.
     *
     * @param shape the Keras shape of the weight
     */
    record Param(String name, float[][] value, float[][] gradient, int[] shape, boolean kernel) {
    }
}
