package org.tl4j.core.train;

import java.util.ArrayList;
import java.util.List;
import org.tl4j.api.tensor.Tensor;

/** Computes {@link Evaluation}s from class probabilities and labels, with Keras's definitions. */
public final class Metrics {
    /** Keras's {@code epsilon()}, the clip for probabilities in the cross-entropy. */
    public static final double EPSILON = 1e-7;

    private Metrics() {
    }

    /** Metrics of {@code probabilities} ({@code [n, classes]}) against labels. */
    public static Evaluation evaluate(Tensor probabilities, int[] labels, int topK) {
        int n = labels.length;
        int k = probabilities.rank() == 2 ? probabilities.dim(1) : 0;
        if (probabilities.rank() != 2 || probabilities.dim(0) != n) {
            throw new IllegalArgumentException("probabilities " + probabilities + " do not match " + n + " labels");
        }
        int kk = Math.max(1, Math.min(topK, k));
        float[] p = probabilities.data();
        int[][] confusion = new int[k][k];
        double loss = 0;
        int correct = 0;
        int inTopK = 0;
        for (int i = 0; i < n; i++) {
            int y = labels[i];
            int pred = argmax(p, i * k, k);
            confusion[y][pred]++;
            correct += pred == y ? 1 : 0;
            inTopK += rank(p, i * k, k, y) < kk ? 1 : 0;
            loss += crossEntropy(p[i * k + y]);
        }
        List<Evaluation.ClassMetrics> perClass = new ArrayList<>(k);
        double f1Sum = 0;
        int present = 0;
        for (int c = 0; c < k; c++) {
            int tp = confusion[c][c];
            int support = 0;
            int predicted = 0;
            for (int j = 0; j < k; j++) {
                support += confusion[c][j];
                predicted += confusion[j][c];
            }
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = support == 0 ? 0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.add(new Evaluation.ClassMetrics(precision, recall, f1, support));
            if (support > 0) {
                f1Sum += f1;
                present++;
            }
        }
        return new Evaluation(n, n == 0 ? Double.NaN : loss / n, n == 0 ? Double.NaN : (double) correct / n, kk,
                n == 0 ? Double.NaN : (double) inTopK / n, confusion, List.copyOf(perClass),
                present == 0 ? 0 : f1Sum / present);
    }

    /** {@code −log(clip(p))}, Keras's sparse categorical cross-entropy of one example from its probability. */
    public static double crossEntropy(float probabilityOfLabel) {
        double q = Math.min(Math.max(probabilityOfLabel, EPSILON), 1 - EPSILON);
        return -Math.log(q);
    }

    /** The index of the largest of {@code length} values from {@code offset} (the first on ties). */
    public static int argmax(float[] values, int offset, int length) {
        int best = 0;
        for (int j = 1; j < length; j++) {
            if (values[offset + j] > values[offset + best]) {
                best = j;
            }
        }
        return best;
    }

    /** How many classes are strictly more probable than class {@code c} (ties favour {@code c}, as Keras's top-k). */
    private static int rank(float[] p, int offset, int k, int c) {
        int r = 0;
        for (int j = 0; j < k; j++) {
            if (p[offset + j] > p[offset + c]) {
                r++;
            }
        }
        return r;
    }

    /** Indices of the {@code k} most probable classes of row {@code i}, most probable first. */
    public static int[] topClasses(Tensor probabilities, int i, int k) {
        int classes = probabilities.dim(1);
        float[] p = probabilities.data();
        int off = i * classes;
        Integer[] idx = new Integer[classes];
        for (int j = 0; j < classes; j++) {
            idx[j] = j;
        }
        java.util.Arrays.sort(idx, (a, b) -> p[off + a] != p[off + b] ? Float.compare(p[off + b], p[off + a])
                : Integer.compare(a, b));
        int[] out = new int[Math.min(k, classes)];
        for (int j = 0; j < out.length; j++) {
            out[j] = idx[j];
        }
        return out;
    }
}
