package org.tl4j.core.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tl4j.core.data.ImageEntry;
import org.tl4j.core.train.Metrics;
import org.tl4j.core.train.Predictions;

/**
 * What the model gets wrong on the validation set, as fastai's {@code plot_top_losses} and {@code most_confused}
 * show it: the images with the highest loss, and the (true, predicted) class pairs that occur most often with their
 * most confident examples.
 */
final class Mistakes {
    private Mistakes() {
    }

    /**
     * One scored validation image.
     *
     * @param entry       the image
     * @param predicted   the most probable class
     * @param probability the predicted class's probability
     * @param loss        the cross-entropy of the true class (Keras's clipping)
     */
    record Example(ImageEntry entry, int predicted, double probability, double loss) {
    }

    /**
     * A confusion: images of class {@code trueLabel} predicted as {@code predicted}.
     *
     * @param count    how many validation images
     * @param examples the most confident of them, first
     */
    record Pair(int trueLabel, int predicted, int count, List<Example> examples) {
    }

    /** The {@code n} images with the highest loss, highest first (ties in entry order). */
    static List<Example> topLosses(Predictions p, int n) {
        return examples(p).stream().sorted(Comparator.comparingDouble(Example::loss).reversed()).limit(n).toList();
    }

    /**
     * The {@code pairs} most frequent confusions (at least one image each; ties in label order), each with up to
     * {@code perPair} examples, the most confident wrong prediction first.
     */
    static List<Pair> mostConfused(Predictions p, int[][] confusion, int pairs, int perPair) {
        List<int[]> cells = new ArrayList<>();
        for (int t = 0; t < confusion.length; t++) {
            for (int q = 0; q < confusion.length; q++) {
                if (t != q && confusion[t][q] > 0) {
                    cells.add(new int[] {t, q, confusion[t][q]});
                }
            }
        }
        cells.sort(Comparator.comparingInt((int[] c) -> -c[2]));
        List<Example> all = examples(p);
        List<Pair> out = new ArrayList<>();
        for (int[] c : cells.subList(0, Math.min(pairs, cells.size()))) {
            List<Example> strip = all.stream().filter(e -> e.entry().label() == c[0] && e.predicted() == c[1])
                    .sorted(Comparator.comparingDouble(Example::probability).reversed()).limit(perPair).toList();
            out.add(new Pair(c[0], c[1], c[2], strip));
        }
        return out;
    }

    private static List<Example> examples(Predictions p) {
        int k = p.probabilities().rank() == 2 ? p.probabilities().dim(1) : 0;
        float[] probs = p.probabilities().data();
        List<Example> out = new ArrayList<>(p.entries().size());
        for (int i = 0; i < p.entries().size(); i++) {
            ImageEntry e = p.entries().get(i);
            if (e.label() < 0) {
                continue;
            }
            int pred = Metrics.argmax(probs, i * k, k);
            out.add(new Example(e, pred, probs[i * k + pred], Metrics.crossEntropy(probs[i * k + e.label()])));
        }
        return out;
    }
}
