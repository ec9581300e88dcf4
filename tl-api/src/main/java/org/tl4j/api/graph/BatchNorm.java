package org.tl4j.api.graph;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Batch normalisation over the last axis: {@code (x − mean) / sqrt(var + ε) · γ + β}. By default a base's BatchNorm
 * runs in inference mode (the moving statistics), as Keras does with {@code training=False}; trainable layers of a
 * run with {@code tl4j.trainer.batchnorm = train} use the batch's statistics in training steps and update the moving
 * ones: {@code moving = moving · momentum + batch · (1 − momentum)}.
 */
@API(status = API.Status.STABLE, since = "0.1")
public record BatchNorm(String name, String input, double epsilon, double momentum) implements Node {
    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String kerasClass() {
        return "BatchNormalization";
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        if (epsilon <= 0) {
            throw error("epsilon must be > 0, got " + epsilon, inputShapes);
        }
        return single(inputShapes, 0);
    }

    @Override
    public List<WeightSlot> weightSlots(List<Shape> inputShapes) {
        Shape c = Shape.of(inputShapes.get(0).channels());
        return List.of(new WeightSlot("gamma", c), new WeightSlot("beta", c), new WeightSlot("moving_mean", c),
                new WeightSlot("moving_variance", c));
    }
}
