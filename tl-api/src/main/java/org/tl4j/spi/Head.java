package org.tl4j.spi;

import com.typesafe.config.Config;
import org.apiguardian.api.API;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Shape;

/** A classifier head: a small graph from the base's feature map to class probabilities (softmax last). */
@API(status = API.Status.STABLE, since = "0.1")
public interface Head extends Provider {

    /**
     * Builds the head graph. Its input node has {@code featureShape}; its output has {@code numClasses} units with
     * softmax activation.
     *
     * @param options the {@code tl4j.head} config subtree
     */
    Graph build(Shape featureShape, int numClasses, Config options);
}
