package org.tl4j.core.data;

import java.util.List;
import org.tl4j.api.tensor.Tensor;

/**
 * A batch of loaded images, in request order with bad images left out.
 *
 * @param images        {@code [n, height, width, 3]}, preprocessed
 * @param requests      the request behind each row
 * @param contentHashes the SHA-256 of each row's file
 */
public record ImageBatch(Tensor images, List<ImageRequest> requests, List<String> contentHashes) {

    public int size() {
        return requests.size();
    }

    /** The class index of each row. */
    public int[] labels() {
        return requests.stream().mapToInt(r -> r.entry().label()).toArray();
    }
}
