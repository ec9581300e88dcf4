package org.tl4j.backbones;

import com.google.auto.service.AutoService;
import java.util.List;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Add;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.MaxPool;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.ZeroPadding;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.LayerGroup;
import org.tl4j.spi.Preprocessing;
import org.tl4j.spi.WeightFile;

/**
 * Keras {@code ResNet50(include_top=False)} ({@code resnet_common}, not the legacy {@code resnet50.py}): a 7×7 stem
 * and four stacks of bottleneck blocks with the stride on the first 1×1 convolution; 106 weighted layers,
 * 23,587,712 parameters, output {@code ceil(H/32)×ceil(W/32)×2048}.
 *
 * <p>Layer order follows Keras {@code model.layers}: in the first block of each stack the shortcut and the main
 * branch interleave ({@code _0_conv, _3_conv, _0_bn, _3_bn}), which is the order the weight file is read in.
 */
@AutoService(Backbone.class)
public final class ResNet50Backbone implements Backbone {
    /** The config id. */
    public static final String ID = "resnet50";

    /** Keras's no-top ImageNet file (md5 from {@code resnet.py}). */
    static final WeightFile IMAGENET = new WeightFile(KerasSpecs.IMAGENET,
            "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
            KerasSpecs.BASE_URL + "resnet/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
            "md5", "4d473c1dd8becc155b73f8504c6f6626", 94_765_736L);

    private static final double BN_EPSILON = 1.001e-5;
    private static final double BN_MOMENTUM = 0.99;

    /** Stack number, bottleneck filters, blocks and stride of the first block, for conv2..conv5. */
    private static final int[][] STACKS = {{2, 64, 3, 1}, {3, 128, 4, 2}, {4, 256, 6, 2}, {5, 512, 3, 2}};

    /** The shortcut of a residual block: a strided 1×1 convolution with BN (first block of a stack), or identity. */
    private enum Shortcut { CONV, IDENTITY }

    /** Creates the provider; cheap. */
    public ResNet50Backbone() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "ResNet50 (Keras, ImageNet), 23.6M parameters, 2048 output channels";
    }

    @Override
    public BackboneSpec defaultSpec() {
        return BackboneSpec.of(224, 224, 1.0);
    }

    @Override
    public Graph graph(BackboneSpec spec) {
        check(spec);
        GraphBuilder b = Graph.builder("resnet50");
        String x = b.add(KerasSpecs.input(spec));
        x = b.add(new ZeroPadding("conv1_pad", x, 3, 3, 3, 3));
        x = b.add(conv("conv1_conv", x, 64, 7, 2, Padding.VALID));
        x = b.add(bn("conv1_bn", x));
        x = b.add(new Activation("conv1_relu", x, ActivationFn.RELU));
        x = b.add(new ZeroPadding("pool1_pad", x, 1, 1, 1, 1));
        x = b.add(MaxPool.of("pool1_pool", x, 3, 2, Padding.VALID));
        for (int[] stack : STACKS) {
            String name = "conv" + stack[0];
            x = block(b, x, stack[1], stack[3], Shortcut.CONV, name + "_block1");
            for (int i = 2; i <= stack[2]; i++) {
                x = block(b, x, stack[1], 1, Shortcut.IDENTITY, name + "_block" + i);
            }
        }
        return b.build();
    }

    /** Keras {@code residual_block_v1}, its layers added in Keras {@code model.layers} order. */
    private static String block(GraphBuilder b, String in, int filters, int stride, Shortcut kind,
            String name) {
        String x = b.add(conv(name + "_1_conv", in, filters, 1, stride, Padding.VALID));
        x = b.add(bn(name + "_1_bn", x));
        x = b.add(new Activation(name + "_1_relu", x, ActivationFn.RELU));
        x = b.add(conv(name + "_2_conv", x, filters, 3, 1, Padding.SAME));
        x = b.add(bn(name + "_2_bn", x));
        x = b.add(new Activation(name + "_2_relu", x, ActivationFn.RELU));
        String shortcut = in;
        if (kind == Shortcut.CONV) {
            shortcut = b.add(conv(name + "_0_conv", in, 4 * filters, 1, stride, Padding.VALID));
            x = b.add(conv(name + "_3_conv", x, 4 * filters, 1, 1, Padding.VALID));
            shortcut = b.add(bn(name + "_0_bn", shortcut));
        } else {
            x = b.add(conv(name + "_3_conv", x, 4 * filters, 1, 1, Padding.VALID));
        }
        x = b.add(bn(name + "_3_bn", x));
        x = b.add(new Add(name + "_add", List.of(shortcut, x)));
        return b.add(new Activation(name + "_out", x, ActivationFn.RELU));
    }

    private static Conv2D conv(String name, String input, int filters, int kernel, int stride, Padding padding) {
        return Conv2D.of(name, input, filters, kernel, stride, padding, true, ActivationFn.LINEAR);
    }

    private static BatchNorm bn(String name, String input) {
        return new BatchNorm(name, input, BN_EPSILON, BN_MOMENTUM);
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

    /** {@code conv1} (the stem, {@code conv1_pad} through {@code pool1_pool}), then {@code conv2} … {@code conv5}. */
    @Override
    public List<LayerGroup> layerGroups(BackboneSpec spec) {
        check(spec);
        return List.of(new LayerGroup("conv1", "conv1_pad"),
                new LayerGroup("conv2", "conv2_block1_1_conv"),
                new LayerGroup("conv3", "conv3_block1_1_conv"),
                new LayerGroup("conv4", "conv4_block1_1_conv"),
                new LayerGroup("conv5", "conv5_block1_1_conv"));
    }

    private static void check(BackboneSpec spec) {
        KerasSpecs.checkSize(ID, spec);
        KerasSpecs.checkNoAlpha(ID, spec);
    }
}
