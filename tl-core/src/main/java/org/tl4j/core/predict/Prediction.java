package org.tl4j.core.predict;

import java.util.List;
import org.apiguardian.api.API;

/**
 * What a {@link Classifier} says about one image: the most probable class and the {@code k} most probable ones, best
 * first (ties in label order).
 *
 * @param label       the most probable class
 * @param probability its probability
 * @param topK        the most probable classes, best first; the first is {@code label}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Prediction(String label, double probability, List<Scored> topK) {

    /** Checks that {@code topK} starts with the best class. */
    public Prediction {
        topK = List.copyOf(topK);
        if (topK.isEmpty() || !topK.get(0).label().equals(label)) {
            throw new IllegalArgumentException("topK must start with the label '" + label + "', got " + topK);
        }
    }

    /**
     * One class and its probability.
     *
     * @param label       the class
     * @param probability its probability, in [0, 1]
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public record Scored(String label, double probability) {
    }
}
