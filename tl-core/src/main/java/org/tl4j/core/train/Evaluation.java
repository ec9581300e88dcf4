package org.tl4j.core.train;

import java.util.List;

/**
 * Classification metrics of a model on labelled examples.
 *
 * @param examples  how many examples were scored
 * @param loss      mean sparse categorical cross-entropy on the probabilities (clipped to [1e-7, 1 − 1e-7], as Keras)
 * @param accuracy  top-1 accuracy
 * @param topK      the k of {@code topKAccuracy}
 * @param topKAccuracy share of examples whose label is among the k most probable classes
 * @param confusion {@code confusion[true][predicted]} counts
 * @param perClass  precision, recall, F1 and support of each class, in label order
 * @param macroF1   unweighted mean F1 over classes with support
 */
public record Evaluation(int examples, double loss, double accuracy, int topK, double topKAccuracy,
        int[][] confusion, List<ClassMetrics> perClass, double macroF1) {

    /**
     * One class's metrics (0 where undefined, as scikit-learn's {@code zero_division=0}).
     *
     * @param support the number of examples whose true class this is
     */
    public record ClassMetrics(double precision, double recall, double f1, int support) {
    }
}
