package org.tl4j.core.run;

import java.util.Set;
import org.tl4j.api.config.CropMode;
import org.tl4j.api.config.RunConfig;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.Augmentation;
import org.tl4j.core.data.FeatureSpace;
import org.tl4j.core.data.ImageDecoder;
import org.tl4j.core.data.ImageLoader;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.train.DataSettings;
import org.tl4j.core.train.Fingerprints;
import org.tl4j.core.train.ModelParts;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.CompiledModel;

/**
 * What {@code tl extract} runs images through, built from a run config in one place: the base graph (pooled or not),
 * its weights, the image loader (decode, fit to the input size, the backbone's preprocessing; no augmentation) and
 * the backend. {@link FeatureExport} and tl-spark's executors both use it, so that they compute the same features
 * bit for bit.
 *
 * @param config  the run config
 * @param backend the configured backend (not opened)
 * @param graph   the feature graph: the base, followed by global average pooling when pooled
 * @param weights the base weights
 * @param space   the feature cache namespace of the graph's output
 * @param loader  turns image files (or their bytes) into model input
 */
public record FeaturePass(RunConfig config, Backend backend, Graph graph, Weights weights, FeatureSpace space,
        ImageLoader loader) {

    /** The pass of {@code config}, with the base weights it names (read, downloaded or initialised). */
    public static FeaturePass of(RunConfig config, Registry registry, FeatureExport.Pooling pooling) {
        Backbone backbone = registry.get(Backbone.class, config.backbone().id());
        BackboneSpec spec = config.backbone().spec();
        Graph base = backbone.graph(spec);
        return of(config, registry, pooling, ModelParts.baseWeights(config, backbone, spec, base));
    }

    /**
     * The pass of {@code config} with base weights already at hand (e.g. shipped to a cluster's executors, which
     * cannot read the driver's files).
     */
    public static FeaturePass of(RunConfig config, Registry registry, FeatureExport.Pooling pooling,
            Weights weights) {
        RunConfig.BackboneConfig b = config.backbone();
        Backbone backbone = registry.get(Backbone.class, b.id());
        Backend backend = registry.get(Backend.class, config.backend().id());
        BackboneSpec spec = b.spec();
        Graph base = backbone.graph(spec);
        boolean pooled = pooling == FeatureExport.Pooling.POOL;
        Graph graph = pooled ? ModelParts.pooled(base, "global_average_pooling2d") : base;
        CropMode crop = config.data().crop();
        ImageDecoder decoder = DataSettings.from(config).decoder();
        FeatureSpace space = ModelParts.featureSpace(backbone, spec, base, Fingerprints.weights(weights), crop,
                decoder, pooled);
        ImageLoader loader = new ImageLoader(decoder, spec.height(), spec.width(),
                crop, backbone.preprocessing(spec), Augmentation.none(), config.seed());
        return new FeaturePass(config, backend, graph, weights, space, loader);
    }

    /** Opens the backend with the config's device, seed and options, on {@code threads} CPU threads (0: all). */
    public BackendEngine open(int threads) {
        RunConfig.BackendConfig bc = config.backend();
        return backend.open(new BackendOptions(bc.device(), threads, config.seed(), bc.options()));
    }

    /** Compiles the feature graph for inference on {@code engine}. */
    public CompiledModel compile(BackendEngine engine) {
        return engine.compile(graph, weights, Set.of(), null);
    }
}
