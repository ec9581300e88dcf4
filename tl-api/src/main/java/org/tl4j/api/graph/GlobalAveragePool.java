package org.tl4j.api.graph;

import java.util.List;

/** Mean over height and width: {@code h×w×c → c}. */
public record GlobalAveragePool(String name, String input) implements Node {
    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String kerasClass() {
        return "GlobalAveragePooling2D";
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        return Shape.of(single(inputShapes, 3).channels());
    }
}
