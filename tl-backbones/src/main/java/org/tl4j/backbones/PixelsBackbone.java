package org.tl4j.backbones;

import com.google.auto.service.AutoService;
import java.util.List;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.AveragePool;
import org.tl4j.api.graph.Flatten;
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

/**
 * The raw-pixel baseline: no network, only the image. The image, resized to the input size and scaled to [−1, 1]
 * like any other backbone's input, is averaged over non-overlapping windows of {@code ⌊H/16⌋×⌊W/16⌋} pixels to a
 * {@value #GRID}×{@value #GRID} grid (exactly that grid when height and width are multiples of 16, a few cells more
 * otherwise) and flattened in height-width-channel order: {@code 16·16·3 = 768} numbers per image, on which a head
 * trains as on any backbone's features. Averaging rather than sampling keeps every pixel's contribution, and a grid
 * small enough that a few hundred images can fit a linear head on it is the fair comparison for
 * {@code tl train --baseline}: what a head learns from the pixels alone, with the same data, split and seed.
 *
 * <p>It has no weights (use {@code weights = none}, the only setting it accepts) and nothing to unfreeze.
 */
@AutoService(Backbone.class)
public final class PixelsBackbone implements Backbone {
    /** The config id. */
    public static final String ID = "pixels";

    /** Cells per side of the grid the image is averaged to. */
    public static final int GRID = 16;

    private static final int DEFAULT_ROWS = 64;

    /** Creates the provider; cheap. */
    public PixelsBackbone() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the raw-pixel baseline: the image averaged to a 16x16 grid and flattened (768 values), no weights";
    }

    @Override
    public BackboneSpec defaultSpec() {
        return BackboneSpec.of(DEFAULT_ROWS, DEFAULT_ROWS, 1.0);
    }

    @Override
    public Graph graph(BackboneSpec spec) {
        check(spec);
        int windowH = spec.height() / GRID;
        int windowW = spec.width() / GRID;
        GraphBuilder b = Graph.builder("pixels_" + spec.height() + "x" + spec.width());
        String x = b.add(new Input(KerasSpecs.INPUT_NAME, Shape.hwc(spec.height(), spec.width(), 3)));
        x = b.add(new AveragePool("average_pooling2d", x, windowH, windowW, windowH, windowW, Padding.VALID));
        b.add(new Flatten("flatten", x));
        return b.build();
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.TF;
    }

    /** None: the baseline has no weights to publish. */
    @Override
    public List<WeightFile> weightCatalogue(BackboneSpec spec) {
        check(spec);
        return List.of();
    }

    @Override
    public String missingWeightsReason(String weightsId, BackboneSpec spec) {
        return "backbone '" + ID + "' has no weights; use weights = none";
    }

    /** None: there is nothing to unfreeze. */
    @Override
    public List<LayerGroup> layerGroups(BackboneSpec spec) {
        check(spec);
        return List.of();
    }

    private static void check(BackboneSpec spec) {
        if (spec.height() < GRID || spec.width() < GRID) {
            throw new TlConfigException(ID + ": input-size = [" + KerasSpecs.dim(spec.height()) + ", "
                    + KerasSpecs.dim(spec.width()) + "] is not supported; height and width must be known and at least "
                    + GRID + " pixels, the grid the image is averaged to");
        }
        KerasSpecs.checkNoAlpha(ID, spec);
    }
}
