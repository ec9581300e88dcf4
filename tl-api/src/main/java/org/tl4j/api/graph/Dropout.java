package org.tl4j.api.graph;

import java.util.List;
import org.apiguardian.api.API;

/** Inverted dropout with the given rate during training; identity at inference. */
@API(status = API.Status.STABLE, since = "0.1")
public record Dropout(String name, String input, double rate) implements Node {
    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String kerasClass() {
        return "Dropout";
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        if (rate < 0 || rate >= 1) {
            throw error("dropout rate must be in [0, 1), got " + rate, inputShapes);
        }
        return single(inputShapes, 0);
    }
}
