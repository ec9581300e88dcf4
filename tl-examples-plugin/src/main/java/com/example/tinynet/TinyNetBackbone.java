package com.example.tinynet;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.MaxPool;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.Shape;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.LayerGroup;
import org.tl4j.spi.Preprocessing;
import org.tl4j.spi.WeightFile;

/**
 * A small VGG-like backbone: {@code blocks} blocks, each a 3×3 "same" convolution with a fused ReLU followed by a
 * 2×2 max pool, the first with {@code filters} filters and each next one with twice as many. It publishes no
 * pretrained weights: with {@code weights = none} tl4j initialises it as Keras would (Glorot-uniform kernels, zero
 * biases), and a {@code .safetensors} file trained with tl4j can be loaded by path.
 *
 * <p>Its own settings live in {@code tl4j.backbone.options}: {@code filters} (default 16) and {@code blocks}
 * (default 3); the input must be at least {@code 2^blocks} pixels high and wide.
 */
@AutoService(Backbone.class)
public final class TinyNetBackbone implements Backbone {
    /** The config id. */
    public static final String ID = "tinynet";

    /** Filters of the first block, in {@code tl4j.backbone.options}. */
    static final String FILTERS = "filters";
    /** Number of blocks, in {@code tl4j.backbone.options}. */
    static final String BLOCKS = "blocks";
    static final int DEFAULT_FILTERS = 16;
    static final int DEFAULT_BLOCKS = 3;
    private static final int MAX_FILTERS = 1024;
    private static final int MAX_BLOCKS = 6;

    /** Creates the provider; cheap. */
    public TinyNetBackbone() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "example plugin: a small VGG-like net (3×3 conv + max pool blocks), no pretrained weights";
    }

    /** The keys tl4j lets through to {@code spec.options()}; any other key stops a run naming the nearest. */
    @Override
    public Set<String> optionKeys() {
        return Set.of(FILTERS, BLOCKS);
    }

    @Override
    public BackboneSpec defaultSpec() {
        return BackboneSpec.of(32, 32, 1.0);
    }

    @Override
    public Graph graph(BackboneSpec spec) {
        int blocks = check(spec);
        int filters = option(spec, FILTERS, DEFAULT_FILTERS, MAX_FILTERS);
        GraphBuilder b = Graph.builder(ID);
        String x = b.add(new Input("input_layer", Shape.hwc(spec.height(), spec.width(), 3)));
        for (int block = 1; block <= blocks; block++) {
            x = b.add(Conv2D.of("block" + block + "_conv1", x, filters << (block - 1), 3, 1, Padding.SAME, true,
                    ActivationFn.RELU));
            x = b.add(MaxPool.of("block" + block + "_pool", x, 2, 2, Padding.VALID));
        }
        return b.build();
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.TF;
    }

    @Override
    public List<WeightFile> weightCatalogue(BackboneSpec spec) {
        check(spec);
        return List.of();
    }

    @Override
    public String missingWeightsReason(String weightsId, BackboneSpec spec) {
        return "backbone '" + ID + "' publishes no pretrained weights ('" + weightsId + "'); use weights = none"
                + " (random init, Keras initialisers) or the path of a .safetensors file trained with tl4j";
    }

    /** {@code block1} … {@code blockN}, each starting at its convolution. */
    @Override
    public List<LayerGroup> layerGroups(BackboneSpec spec) {
        int blocks = check(spec);
        List<LayerGroup> groups = new ArrayList<>();
        for (int block = 1; block <= blocks; block++) {
            groups.add(new LayerGroup("block" + block, "block" + block + "_conv1"));
        }
        return List.copyOf(groups);
    }

    /** Validates the spec and returns the number of blocks. */
    private static int check(BackboneSpec spec) {
        if (spec.alpha() != 1.0) {
            throw new TlConfigException(ID + ": alpha = " + spec.alpha() + " is not supported; tinynet has no width"
                    + " multiplier (set tl4j.backbone.options.filters instead), so alpha must be 1.0");
        }
        int blocks = option(spec, BLOCKS, DEFAULT_BLOCKS, MAX_BLOCKS);
        int min = 1 << blocks;
        if (tooSmall(spec.height(), min) || tooSmall(spec.width(), min)) {
            throw new TlConfigException(ID + ": input-size = [" + spec.height() + ", " + spec.width() + "] is too"
                    + " small; with " + blocks + " blocks of 2×2 pooling, height and width must each be at least "
                    + min + " pixels");
        }
        return blocks;
    }

    private static boolean tooSmall(int n, int min) {
        return n != Shape.UNKNOWN && n < min;
    }

    /** A positive int option of {@code tl4j.backbone.options}, at most {@code max}. */
    private static int option(BackboneSpec spec, String key, int fallback, int max) {
        Config options = spec.options();
        if (!options.hasPath(key)) {
            return fallback;
        }
        int value;
        try {
            value = options.getInt(key);
        } catch (com.typesafe.config.ConfigException e) {
            throw new TlConfigException("tl4j.backbone.options." + key + " must be a whole number in [1, " + max
                    + "] for backbone " + ID + ": " + e.getMessage(), e);
        }
        if (value < 1 || value > max) {
            throw new TlConfigException("tl4j.backbone.options." + key + " = " + value + " is out of range for"
                    + " backbone " + ID + "; allowed: 1 to " + max);
        }
        return value;
    }
}
