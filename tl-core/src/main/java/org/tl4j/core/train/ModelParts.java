package org.tl4j.core.train;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.tl4j.api.config.CropMode;
import org.tl4j.api.config.RunConfig;
import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.FeatureSpace;
import org.tl4j.core.data.ImageDecoder;
import org.tl4j.core.data.Seeds;
import org.tl4j.core.weights.WeightResolver;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.Freezer;
import org.tl4j.spi.Head;
import org.tl4j.spi.Preprocessing;

/**
 * The pieces of a model: a backbone with its spec, graph and weights, a head provider with its options, and a freezer.
 *
 * <p>When the head begins with global average pooling, the pooling moves to the end of the <em>feature graph</em>
 * and the head is built for the pooled vector: the base then emits {@code c} floats per image instead of
 * {@code h·w·c}, which is what the feature cache keeps. The head's weights are the same either way, so a head trained
 * on pooled features is the head of the fine-tuned model.
 *
 * @param backbone       the backbone provider
 * @param spec           its spec
 * @param base           its graph for the spec
 * @param baseWeights    a value for every base weight
 * @param weightsHash    a digest of the base weights ({@link Fingerprints#weights})
 * @param weightsSource  where they came from (e.g. {@code imagenet}, a path, {@code none})
 * @param head           the head provider
 * @param headOptions    the {@code tl4j.head} subtree
 * @param freezer        the freezer provider
 * @param freezerOptions the {@code tl4j.freezer} subtree
 */
public record ModelParts(Backbone backbone, BackboneSpec spec, Graph base, Weights baseWeights, String weightsHash,
        String weightsSource, Head head, Config headOptions, Freezer freezer, Config freezerOptions) {

    public Preprocessing preprocessing() {
        return backbone.preprocessing(spec);
    }

    /** Whether the head starts by pooling the feature map, so that pooled features suffice. */
    public boolean pooled(int classes) {
        Graph probe = head.build(base.outputShape(), classes, headOptions);
        return probe.nodes().size() > 1 && probe.nodes().get(1) instanceof GlobalAveragePool;
    }

    /** The base, followed by the head's pooling when {@link #pooled}: what the feature cache stores. */
    public Graph featureGraph(int classes) {
        Graph probe = head.build(base.outputShape(), classes, headOptions);
        if (!(probe.nodes().size() > 1 && probe.nodes().get(1) instanceof GlobalAveragePool gap)) {
            return base;
        }
        return pooled(base, gap.name());
    }

    /** {@code graph} followed by a global average pooling layer named {@code poolName}. */
    public static Graph pooled(Graph graph, String poolName) {
        List<Node> nodes = new ArrayList<>(graph.nodes());
        nodes.add(new GlobalAveragePool(poolName, graph.outputName()));
        return Graph.of(graph.name(), nodes);
    }

    /** The head for the feature graph's output. */
    public Graph headGraph(int classes) {
        Shape features = featureGraph(classes).outputShape();
        return head.build(features, classes, headOptions);
    }

    /** Base followed by the head built on the base's feature map: the fine-tuning model. */
    public Graph fullGraph(int classes) {
        return base.then(head.build(base.outputShape(), classes, headOptions));
    }

    /** The cache namespace of this model's features. */
    public FeatureSpace featureSpace(int classes, CropMode crop, ImageDecoder decoder) {
        return featureSpace(backbone, spec, base, weightsHash, crop, decoder, pooled(classes));
    }

    /**
     * The cache namespace of the features {@code base} computes: the one place it is built, for training and for
     * {@code tl extract} alike, so that the two share cache entries.
     *
     * @param weightsHash the digest of the base weights ({@link Fingerprints#weights})
     * @param pooled      whether the features are pooled to one vector per image (else the whole map)
     */
    public static FeatureSpace featureSpace(Backbone backbone, BackboneSpec spec, Graph base, String weightsHash,
            CropMode crop, ImageDecoder decoder, boolean pooled) {
        Shape in = base.input().shape();
        return new FeatureSpace(backbone.id(), Fingerprints.spec(spec), weightsHash, in.height(), in.width(),
                backbone.preprocessing(spec).id(), crop.id(), decoder.id(), pooled ? "pooled" : "map");
    }

    /**
     * The base weights of a run, for training and {@code tl extract} alike: the configured weights (a catalogue id
     * or a file, downloaded when allowed), or for a base without any (e.g. {@code weights = none}) Keras's
     * initialisers, seeded by the run's seed.
     */
    public static Weights baseWeights(RunConfig config, Backbone backbone, BackboneSpec spec, Graph base) {
        RunConfig.BackboneConfig b = config.backbone();
        Weights weights = WeightResolver.builder().optCacheDir(b.cacheDir()).optKerasCacheDir(b.kerasCacheDir())
                .optExpectedHash(b.weightsHash())
                .optNetwork(b.offline() ? WeightResolver.Network.OFFLINE : WeightResolver.Network.ONLINE).build()
                .load(b.weights(), backbone, spec);
        if (weights.size() == 0 && !base.weightShapes().isEmpty()) {
            weights = Initializers.keras(base, Seeds.derive(config.seed(), Seeds.key("base")));
        }
        return weights;
    }
}
