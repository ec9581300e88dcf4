package org.tl4j.api.graph;

import java.util.List;
import org.apiguardian.api.API;

/** The graph input: one example of the given shape (the batch dimension is implicit). */
@API(status = API.Status.STABLE, since = "0.1")
public record Input(String name, Shape shape) implements Node {
    @Override
    public List<String> inputs() {
        return List.of();
    }

    @Override
    public String kerasClass() {
        return "InputLayer";
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        return shape;
    }
}
