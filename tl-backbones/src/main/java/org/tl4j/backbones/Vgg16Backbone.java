package org.tl4j.backbones;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.MaxPool;
import org.tl4j.api.graph.Padding;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.LayerGroup;
import org.tl4j.spi.Preprocessing;
import org.tl4j.spi.WeightFile;

/**
 * Keras {@code VGG16(include_top=False)}: five blocks of 3×3 "same" convolutions with a fused ReLU, each followed by
 * a 2×2 max pool; 13 weighted layers, 14,714,688 parameters, output {@code floor(H/32)×floor(W/32)×512}.
 */
@AutoService(Backbone.class)
public final class Vgg16Backbone implements Backbone {
    /** The config id. */
    public static final String ID = "vgg16";

    /** Keras's no-top ImageNet file (a Keras 1 file; md5 from {@code vgg16.py}). */
    static final WeightFile IMAGENET = new WeightFile(KerasSpecs.IMAGENET,
            "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
            KerasSpecs.BASE_URL + "vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
            "md5", "6d6bbae143d832006294945121d1f1fc", 58_889_256L);

    /** Filters and number of convolutions of blocks 1..5. */
    private static final int[][] BLOCKS = {{64, 2}, {128, 2}, {256, 3}, {512, 3}, {512, 3}};

    /** Creates the provider; cheap. */
    public Vgg16Backbone() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "VGG16 (Keras, ImageNet), 14.7M parameters, 512 output channels";
    }

    @Override
    public BackboneSpec defaultSpec() {
        return BackboneSpec.of(224, 224, 1.0);
    }

    @Override
    public Graph graph(BackboneSpec spec) {
        check(spec);
        GraphBuilder b = Graph.builder("vgg16");
        String x = b.add(KerasSpecs.input(spec));
        for (int block = 1; block <= BLOCKS.length; block++) {
            int filters = BLOCKS[block - 1][0];
            for (int conv = 1; conv <= BLOCKS[block - 1][1]; conv++) {
                x = b.add(Conv2D.of("block" + block + "_conv" + conv, x, filters, 3, 1, Padding.SAME, true,
                        ActivationFn.RELU));
            }
            x = b.add(MaxPool.of("block" + block + "_pool", x, 2, 2, Padding.VALID));
        }
        return b.build();
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.CAFFE;
    }

    @Override
    public List<WeightFile> weightCatalogue(BackboneSpec spec) {
        check(spec);
        return List.of(IMAGENET);
    }

    /** {@code block1} … {@code block5}, each starting at its first convolution. */
    @Override
    public List<LayerGroup> layerGroups(BackboneSpec spec) {
        check(spec);
        List<LayerGroup> groups = new ArrayList<>();
        for (int block = 1; block <= BLOCKS.length; block++) {
            groups.add(new LayerGroup("block" + block, "block" + block + "_conv1"));
        }
        return List.copyOf(groups);
    }

    private static void check(BackboneSpec spec) {
        KerasSpecs.checkSize(ID, spec);
        KerasSpecs.checkNoAlpha(ID, spec);
    }
}
