package org.tl4j.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import org.tl4j.api.graph.Graph;

/**
 * A pretrained convolutional base, described as a layer graph (include_top=False). A backbone never runs itself; a
 * {@link Backend} compiles its graph.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface Backbone extends Provider {

    /** The spec used when a config names no size: the backbone's native input size. */
    BackboneSpec defaultSpec();

    /** The graph for a spec, with Keras layer names and order; throws a TlConfigException for unsupported specs. */
    Graph graph(BackboneSpec spec);

    /** How input pixels in [0, 255] must be transformed. */
    Preprocessing preprocessing();

    /**
     * How input pixels in [0, 255] must be transformed for this spec; backbones whose mode is an option (e.g.
     * {@code onnx}) override this. By default {@link #preprocessing()}.
     */
    default Preprocessing preprocessing(BackboneSpec spec) {
        return preprocessing();
    }

    /**
     * Backend capabilities this backbone needs beyond inference, e.g. {@link Capability#EXTERNAL_ONNX} for a backbone
     * that wraps an ONNX file; checked before any work starts.
     */
    default Set<Capability> requiredCapabilities() {
        return Set.of();
    }

    /** The published weight files for this spec (possibly empty), in order of preference. */
    List<WeightFile> weightCatalogue(BackboneSpec spec);

    /** The catalogue entry with that id for the spec, if any. */
    default Optional<WeightFile> weightFile(String weightsId, BackboneSpec spec) {
        return weightCatalogue(spec).stream().filter(w -> w.id().equals(weightsId)).findFirst();
    }

    /**
     * Why the catalogue has no weights of that id for this spec, for error messages (e.g. "MobileNetV2 α=1.3 has
     * ImageNet weights only at 224×224").
     */
    default String missingWeightsReason(String weightsId, BackboneSpec spec) {
        return "backbone '" + id() + "' publishes no '" + weightsId + "' weights for " + spec;
    }

    /**
     * The keys this backbone reads from {@code tl4j.backbone.options} (the object's top-level keys). tl4j refuses
     * any other key there before a run starts, naming the nearest declared one, so a misspelt option cannot pass
     * silently. By default none: a backbone that takes options declares them.
     */
    default Set<String> optionKeys() {
        return Set.of();
    }

    /** Groups of layers for partial unfreezing, in layer order. */
    List<LayerGroup> layerGroups(BackboneSpec spec);
}
