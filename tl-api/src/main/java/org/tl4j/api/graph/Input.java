package org.tl4j.api.graph;

import java.util.List;

/** The graph input: one example of the given shape (the batch dimension is implicit). */
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
