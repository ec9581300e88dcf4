package org.tl4j.core.heads;

import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Shape;

/** The common start of the standard heads: the feature input, pooled to a vector when it is a feature map. */
final class HeadGraphs {
    private HeadGraphs() {
    }

    static GraphBuilder start(String name, Shape featureShape) {
        GraphBuilder b = Graph.builder(name);
        b.add(new Input("features", featureShape));
        if (featureShape.rank() == 3) {
            b.add(new GlobalAveragePool("global_average_pooling2d", "features"));
        }
        return b;
    }
}
