package org.tl4j.core.heads;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Dropout;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Shape;
import org.tl4j.spi.Head;

/**
 * The seed head: {@code GlobalAveragePooling2D → Dropout(rate) → Dense(classes, softmax)}, with the layer names Keras
 * gives them. A vector input (an already pooled feature) skips the pooling.
 */
@AutoService(Head.class)
public final class LinearHead implements Head {
    public static final String ID = "linear";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "GlobalAveragePooling → Dropout → Dense softmax (the Keras transfer-learning head)";
    }

    @Override
    public Graph build(Shape featureShape, int numClasses, Config options) {
        double dropout = options.hasPath("dropout") ? options.getDouble("dropout") : 0.2;
        GraphBuilder b = HeadGraphs.start("linear-head", featureShape);
        if (dropout > 0) {
            b.add(new Dropout("dropout", b.last(), dropout));
        }
        b.add(new Dense("dense", b.last(), numClasses, true, ActivationFn.SOFTMAX));
        return b.build();
    }
}
