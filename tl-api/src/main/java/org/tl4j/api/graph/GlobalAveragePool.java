package org.tl4j.api.graph;

import java.util.List;
import org.apiguardian.api.API;

/** Mean over height and width: {@code h×w×c → c}. */
@API(status = API.Status.STABLE, since = "0.1")
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
