package org.tl4j.api.graph;

import java.util.List;
import org.apiguardian.api.API;

/** Element-wise sum of two or more inputs of the same shape (Keras lists the shortcut first). */
@API(status = API.Status.STABLE, since = "0.1")
public record Add(String name, List<String> inputs) implements Node {
    public Add {
        inputs = List.copyOf(inputs);
    }

    @Override
    public String kerasClass() {
        return "Add";
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        if (inputShapes.size() < 2) {
            throw error("expects at least 2 inputs", inputShapes);
        }
        Shape first = inputShapes.get(0);
        for (Shape s : inputShapes) {
            if (!s.equals(first)) {
                throw error("inputs must have equal shapes", inputShapes);
            }
        }
        return first;
    }
}
