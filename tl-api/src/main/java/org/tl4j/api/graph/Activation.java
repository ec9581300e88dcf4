package org.tl4j.api.graph;

import java.util.List;
import org.apiguardian.api.API;

/** An element-wise activation layer. {@code RELU6} is Keras's {@code ReLU(6.0)}; the rest are {@code Activation}. */
@API(status = API.Status.STABLE, since = "0.1")
public record Activation(String name, String input, ActivationFn fn) implements Node {
    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String kerasClass() {
        return fn == ActivationFn.RELU6 ? "ReLU" : "Activation";
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        return single(inputShapes, 0);
    }
}
