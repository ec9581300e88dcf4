package org.tl4j.backend.djl;

import java.util.SplittableRandom;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Dropout;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.tensor.Tensor;

/**
 * One epoch of head training on cached features, as the feature-extraction trainer runs it: a synthetic, learnable
 * set of pooled features (class centre plus noise), the seed's head or an MLP head, batches of 32.
 */
final class HeadEpoch {
    static final int BATCH = 32;

    final Tensor features;
    final int[] labels;
    final int classes;

    HeadEpoch(int examples, int dims, int classes, long seed) {
        this.classes = classes;
        SplittableRandom r = new SplittableRandom(seed);
        float[][] centres = new float[classes][dims];
        for (float[] c : centres) {
            for (int j = 0; j < dims; j++) {
                c[j] = (float) r.nextDouble(0, 1);
            }
        }
        float[] f = new float[examples * dims];
        labels = new int[examples];
        for (int i = 0; i < examples; i++) {
            labels[i] = r.nextInt(classes);
            for (int j = 0; j < dims; j++) {
                f[i * dims + j] = Math.max(0, centres[labels[i]][j] + (float) r.nextGaussian() * 0.5f);
            }
        }
        features = Tensor.of(f, examples, dims);
    }

    /** The seed's head after pooling: Dropout(0.2) → Dense(classes, softmax). */
    Graph linearHead() {
        GraphBuilder b = Graph.builder("linear");
        String x = b.add(new Input("features", Shape.of(features.dim(1))));
        x = b.add(new Dropout("dropout", x, 0.2));
        b.add(new Dense("predictions", x, classes, true, ActivationFn.SOFTMAX));
        return b.build();
    }

    /** Dense(hidden, relu) → Dropout(0.2) → Dense(classes, softmax). */
    Graph mlpHead(int hidden) {
        GraphBuilder b = Graph.builder("mlp");
        String x = b.add(new Input("features", Shape.of(features.dim(1))));
        x = b.add(new Dense("hidden_1", x, hidden, true, ActivationFn.RELU));
        x = b.add(new Dropout("dropout_1", x, 0.2));
        b.add(new Dense("predictions", x, classes, true, ActivationFn.SOFTMAX));
        return b.build();
    }

    /** One pass over the features in order; returns the mean training loss. */
    double run(org.tl4j.spi.CompiledModel model) {
        int n = features.dim(0);
        double total = 0;
        int steps = 0;
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            int[] y = java.util.Arrays.copyOfRange(labels, from, to);
            total += model.trainStep(features.slice(from, to), y, null);
            steps++;
        }
        return total / steps;
    }
}
