package org.tl4j.core.train;

import java.util.List;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.Shape;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.LayerGroup;
import org.tl4j.spi.Preprocessing;
import org.tl4j.spi.WeightFile;

/** A two-layer base of 1×1 convolutions (ReLU), small enough for the fake backend. */
final class FakeBackbone implements Backbone {
    static final String ID = "tiny";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "tiny test base";
    }

    @Override
    public BackboneSpec defaultSpec() {
        return BackboneSpec.of(8, 8, 1.0);
    }

    @Override
    public Graph graph(BackboneSpec spec) {
        GraphBuilder b = Graph.builder("tiny");
        b.add(new Input("input_1", Shape.hwc(spec.height(), spec.width(), 3)));
        b.add(Conv2D.of("conv1", "input_1", 6, 1, 1, Padding.VALID, true, ActivationFn.RELU));
        b.add(Conv2D.of("conv2", "conv1", 5, 1, 1, Padding.VALID, true, ActivationFn.RELU));
        return b.build();
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.TF;
    }

    @Override
    public List<WeightFile> weightCatalogue(BackboneSpec spec) {
        return List.of();
    }

    @Override
    public List<LayerGroup> layerGroups(BackboneSpec spec) {
        return List.of(new LayerGroup("block1", "conv1"), new LayerGroup("block2", "conv2"));
    }
}
