package org.tl4j.api.graph;

import java.util.List;
import org.apiguardian.api.API;

/** A feature map as one vector in NHWC order, as Keras's {@code Flatten}: {@code h×w×c → h·w·c}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Flatten(String name, String input) implements Node {
    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String kerasClass() {
        return "Flatten";
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        Shape in = single(inputShapes, 3);
        if (!in.isKnown()) {
            throw error("needs a known height and width", inputShapes);
        }
        return Shape.of((int) in.size());
    }
}
