package org.tl4j.api.graph;

import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/** A fully connected layer on a vector: kernel {@code in×units}, optional bias, fused activation as in Keras. */
@API(status = API.Status.STABLE, since = "0.1")
public record Dense(String name, String input, int units, boolean useBias, ActivationFn activation) implements Node {
    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String kerasClass() {
        return "Dense";
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        Shape in = single(inputShapes, 1);
        if (units <= 0) {
            throw error("units must be positive, got " + units, inputShapes);
        }
        if (in.channels() == Shape.UNKNOWN) {
            throw error("the input length must be known", inputShapes);
        }
        return Shape.of(units);
    }

    @Override
    public List<WeightSlot> weightSlots(List<Shape> inputShapes) {
        List<WeightSlot> slots = new ArrayList<>();
        slots.add(new WeightSlot("kernel", Shape.of(inputShapes.get(0).channels(), units)));
        if (useBias) {
            slots.add(new WeightSlot("bias", Shape.of(units)));
        }
        return slots;
    }
}
