package org.tl4j.core.heads;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import java.util.List;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Dropout;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Shape;
import org.tl4j.spi.Head;

/**
 * {@code GlobalAveragePooling2D → [Dense(n, relu) → Dropout]* → Dense(classes, softmax)}; {@code hidden} lists the
 * hidden layer sizes.
 */
@AutoService(Head.class)
public final class MlpHead implements Head {
    public static final String ID = "mlp";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "GlobalAveragePooling → (Dense ReLU → Dropout) × hidden → Dense softmax";
    }

    @Override
    public Graph build(Shape featureShape, int numClasses, Config options) {
        double dropout = options.hasPath("dropout") ? options.getDouble("dropout") : 0.2;
        List<Integer> hidden = options.hasPath("hidden") ? options.getIntList("hidden") : List.of(256);
        GraphBuilder b = HeadGraphs.start("mlp-head", featureShape);
        for (int i = 0; i < hidden.size(); i++) {
            String suffix = i == 0 ? "" : "_" + i;
            b.add(new Dense("dense" + suffix, b.last(), hidden.get(i), true, ActivationFn.RELU));
            if (dropout > 0) {
                b.add(new Dropout("dropout" + suffix, b.last(), dropout));
            }
        }
        b.add(new Dense("predictions", b.last(), numClasses, true, ActivationFn.SOFTMAX));
        return b.build();
    }
}
