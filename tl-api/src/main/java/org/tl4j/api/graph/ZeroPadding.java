package org.tl4j.api.graph;

import java.util.List;
import org.apiguardian.api.API;

/** Explicit zero padding of a feature map, Keras {@code ZeroPadding2D(((top, bottom), (left, right)))}. */
@API(status = API.Status.STABLE, since = "0.1")
public record ZeroPadding(String name, String input, int top, int bottom, int left, int right) implements Node {
    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String kerasClass() {
        return "ZeroPadding2D";
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        Shape in = single(inputShapes, 3);
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw error("padding must not be negative", inputShapes);
        }
        return Shape.hwc(grow(in.height(), top + bottom), grow(in.width(), left + right), in.channels());
    }

    private static int grow(int n, int by) {
        return n == Shape.UNKNOWN ? n : n + by;
    }
}
