package org.tl4j.api.graph;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A sub-network the IR does not describe layer by layer, e.g. an ONNX file of a third-party backbone. Only backends
 * that understand its {@code format} can run it; the others refuse it with a clear message.
 *
 * @param format  the model format, e.g. {@code onnx}
 * @param location where the model lives (a file path)
 * @param options format-specific settings (input and output names, layout, …)
 * @param output  the shape this sub-network produces for one example
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record External(String name, String input, String format, String location, Map<String, String> options,
        Shape output) implements Node {
    public External {
        options = Map.copyOf(options);
    }

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String kerasClass() {
        return "External";
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        single(inputShapes, 0);
        return output;
    }
}
