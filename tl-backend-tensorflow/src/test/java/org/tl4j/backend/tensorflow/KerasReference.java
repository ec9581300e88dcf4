package org.tl4j.backend.tensorflow;

import org.tl4j.spi.OptimizerSpec;

/**
 * Keras 3's update rules and sparse categorical cross-entropy for one softmax Dense layer, written out in plain Java
 * (float64) to check the TensorFlow graph against: Adam, SGD with momentum, RMSprop, L2 on the kernel.
 */
final class KerasReference {
    final float[] kernel;
    final float[] bias;
    private final OptimizerSpec spec;
    private final double[] m;
    private final double[] v;

    KerasReference(OptimizerSpec spec, float[] kernel, float[] bias) {
        this.spec = spec;
        this.kernel = kernel;
        this.bias = bias;
        this.m = new double[kernel.length + bias.length];
        this.v = new double[kernel.length + bias.length];
    }

    /** The loss at the current weights, then one update (step {@code t} from 1). */
    float lossAndStep(float[] x, int[] y, float[] w, int t) {
        int n = y.length;
        int units = bias.length;
        int in = kernel.length / units;
        double[] grad = new double[kernel.length + bias.length];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double[] z = new double[units];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < units; k++) {
                z[k] = bias[k];
                for (int j = 0; j < in; j++) {
                    z[k] += x[i * in + j] * kernel[j * units + k];
                }
                max = Math.max(max, z[k]);
            }
            double sum = 0;
            for (double zk : z) {
                sum += Math.exp(zk - max);
            }
            loss -= w[i] * (z[y[i]] - max - Math.log(sum)) / n;
            for (int k = 0; k < units; k++) {
                double dz = w[i] * (Math.exp(z[k] - max) / sum - (k == y[i] ? 1 : 0)) / n;
                for (int j = 0; j < in; j++) {
                    grad[j * units + k] += dz * x[i * in + j];
                }
                grad[kernel.length + k] += dz;
            }
        }
        double l2 = 0;
        for (int j = 0; j < kernel.length; j++) {
            l2 += (double) kernel[j] * kernel[j];
            grad[j] += 2 * spec.l2() * kernel[j];
        }
        loss += spec.l2() * l2;
        for (int p = 0; p < grad.length; p++) {
            double value = p < kernel.length ? kernel[p] : bias[p - kernel.length];
            double next = value + delta(p, grad[p], t);
            if (p < kernel.length) {
                kernel[p] = (float) next;
            } else {
                bias[p - kernel.length] = (float) next;
            }
        }
        return (float) loss;
    }

    private double delta(int p, double g, int t) {
        double lr = spec.learningRate();
        return switch (spec.kind()) {
            case ADAM -> {
                m[p] += (g - m[p]) * (1 - spec.beta1());
                v[p] += (g * g - v[p]) * (1 - spec.beta2());
                double alpha = lr * Math.sqrt(1 - Math.pow(spec.beta2(), t)) / (1 - Math.pow(spec.beta1(), t));
                yield -alpha * m[p] / (Math.sqrt(v[p]) + spec.epsilon());
            }
            case SGD -> {
                m[p] = spec.momentum() * m[p] - lr * g;
                yield m[p];
            }
            case RMSPROP -> {
                v[p] = spec.rho() * v[p] + (1 - spec.rho()) * g * g;
                yield -lr * g / Math.sqrt(v[p] + spec.epsilon());
            }
        };
    }
}
