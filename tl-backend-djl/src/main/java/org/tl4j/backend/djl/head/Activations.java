package org.tl4j.backend.djl.head;

import org.tl4j.api.graph.ActivationFn;

/** The activations of a {@link DenseHead} and their gradients, on rows of one example each. */
final class Activations {
    private Activations() {
    }

    /** Applies a (non-softmax) activation in place and returns the rows. */
    static float[][] activate(float[][] y, ActivationFn fn) {
        for (float[] row : y) {
            switch (fn) {
                case LINEAR -> {
                }
                case RELU -> {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = Math.max(row[i], 0f);
                    }
                }
                case RELU6 -> {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = Math.min(Math.max(row[i], 0f), 6f);
                    }
                }
                case SIGMOID -> {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = (float) (1 / (1 + Math.exp(-row[i])));
                    }
                }
                default -> throw new IllegalStateException(fn.name());
            }
        }
        return y;
    }

    /** The gradient through an activation, from its output {@code y}. */
    static float[][] activationGradient(float[][] dy, float[][] y, ActivationFn fn) {
        if (fn == ActivationFn.LINEAR) {
            return dy;
        }
        float[][] dx = new float[dy.length][];
        for (int r = 0; r < dy.length; r++) {
            float[] d = dy[r];
            float[] yr = y[r];
            float[] out = new float[d.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = switch (fn) {
                    case RELU -> yr[i] > 0 ? d[i] : 0f;
                    case RELU6 -> yr[i] > 0 && yr[i] < 6 ? d[i] : 0f;
                    case SIGMOID -> d[i] * yr[i] * (1 - yr[i]);
                    default -> throw new IllegalStateException(fn.name());
                };
            }
            dx[r] = out;
        }
        return dx;
    }

    /** Softmax of one row, in place, stabilised by its largest value. */
    static void softmaxInPlace(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v - max);
        }
        for (int j = 0; j < z.length; j++) {
            z[j] = (float) (Math.exp(z[j] - max) / sum);
        }
    }
}
