package org.tl4j.core.train;

import java.util.List;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.core.data.ImageEntry;

/**
 * Class probabilities for a list of images (bad images left out).
 *
 * @param entries       the images scored, in order
 * @param probabilities {@code [entries, classes]}
 */
public record Predictions(List<ImageEntry> entries, Tensor probabilities) {

    /** The true labels of the entries. */
    public int[] labels() {
        return entries.stream().mapToInt(ImageEntry::label).toArray();
    }

    /** Metrics against the entries' labels. */
    public Evaluation evaluate(int topK) {
        return Metrics.evaluate(probabilities, labels(), topK);
    }
}
