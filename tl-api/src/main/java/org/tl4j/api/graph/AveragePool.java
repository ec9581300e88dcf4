package org.tl4j.api.graph;

import java.util.List;
import org.apiguardian.api.API;

/** 2-D average pooling with TensorFlow padding rules; with "same" padding, the padded cells are not counted. */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record AveragePool(String name, String input, int poolH, int poolW, int strideH, int strideW,
        Padding padding) implements Node {

    /** A square pool with a square stride. */
    public static AveragePool of(String name, String input, int pool, int stride, Padding padding) {
        return new AveragePool(name, input, pool, pool, stride, stride, padding);
    }

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String kerasClass() {
        return "AveragePooling2D";
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        Shape in = single(inputShapes, 3);
        return Pooling.windowed(this, in, poolH, poolW, strideH, strideW, padding, in.channels(), inputShapes);
    }
}
