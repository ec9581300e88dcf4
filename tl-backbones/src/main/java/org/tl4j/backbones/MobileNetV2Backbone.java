package org.tl4j.backbones;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Add;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.DepthwiseConv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.graph.ZeroPadding;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.LayerGroup;
import org.tl4j.spi.Preprocessing;
import org.tl4j.spi.WeightFile;

/**
 * Keras {@code MobileNetV2(include_top=False)} for every ImageNet width multiplier (alpha 0.35, 0.5, 0.75, 1.0, 1.3,
 * 1.4) and any input of at least 32×32, square or not, odd or even, or of unknown height and width: a stride-2 stem,
 * 17 inverted-residual blocks with linear bottlenecks and ReLU6, and a 1×1 head convolution; 104 weighted layers
 * (2,257,984 parameters at alpha 1.0), output {@code ceil(H/32)×ceil(W/32)×1280} (1664 at 1.3, 1792 at 1.4).
 *
 * <p>As in Keras, each stride-2 depthwise convolution is preceded by an explicit {@code ZeroPadding2D} computed by
 * {@code correct_pad} from the static input size; with an unknown size the pad is frozen at one row and column at
 * the bottom/right.
 */
@AutoService(Backbone.class)
public final class MobileNetV2Backbone implements Backbone {
    /** The config id. */
    public static final String ID = "mobilenet_v2";

    /** The width multipliers Keras accepts with ImageNet weights. */
    public static final List<Double> ALPHAS = List.of(0.35, 0.5, 0.75, 1.0, 1.3, 1.4);

    /** The square input sizes that have their own ImageNet weight file; any other input loads the 224 file. */
    public static final List<Integer> WEIGHT_ROWS = List.of(96, 128, 160, 192, 224);

    private static final int DEFAULT_ROWS = 224;
    private static final double BN_EPSILON = 1e-3;
    private static final double BN_MOMENTUM = 0.999;
    private static final String FILE_PREFIX = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_";
    /** Observed download size of the alpha-1.0 files at 128, 160 and 224 (keras-backbones.md §6.1). */
    private static final long SIZE_1_0 = 9_406_464L;

    /** Filters, stride and expansion of blocks 0..16. */
    private static final int[][] BLOCKS = {
        {16, 1, 1}, {24, 2, 6}, {24, 1, 6}, {32, 2, 6}, {32, 1, 6}, {32, 1, 6}, {64, 2, 6}, {64, 1, 6}, {64, 1, 6},
        {64, 1, 6}, {96, 1, 6}, {96, 1, 6}, {96, 1, 6}, {160, 2, 6}, {160, 1, 6}, {160, 1, 6}, {320, 1, 6},
    };

    /** Creates the provider; cheap. */
    public MobileNetV2Backbone() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "MobileNetV2 (Keras, ImageNet), alpha 0.35-1.4, 2.3M parameters at alpha 1.0, 1280 output channels";
    }

    @Override
    public BackboneSpec defaultSpec() {
        return BackboneSpec.of(DEFAULT_ROWS, DEFAULT_ROWS, 1.0);
    }

    /** The graph, named as Keras names the model built without weights, e.g. {@code mobilenetv2_1.00_160}. */
    @Override
    public Graph graph(BackboneSpec spec) {
        check(spec);
        double alpha = spec.alpha();
        GraphBuilder b = Graph.builder("mobilenetv2_" + KerasSpecs.twoDecimals(alpha) + "_"
                + KerasSpecs.dim(spec.height()));
        String x = b.add(KerasSpecs.input(spec));
        x = b.add(conv("Conv1", x, makeDivisible(32 * alpha), 3, 2, Padding.SAME));
        x = b.add(bn("bn_Conv1", x));
        x = b.add(relu6("Conv1_relu", x));
        for (int id = 0; id < BLOCKS.length; id++) {
            x = invertedResidual(b, x, alpha, id);
        }
        int lastFilters = alpha > 1.0 ? makeDivisible(1280 * alpha) : 1280;
        x = b.add(conv("Conv_1", x, lastFilters, 1, 1, Padding.VALID));
        x = b.add(bn("Conv_1_bn", x));
        b.add(relu6("out_relu", x));
        return b.build();
    }

    /** Keras {@code _inverted_res_block}. */
    private static String invertedResidual(GraphBuilder b, String in, double alpha, int blockId) {
        int filters = BLOCKS[blockId][0];
        int stride = BLOCKS[blockId][1];
        int expansion = BLOCKS[blockId][2];
        String prefix = blockId == 0 ? "expanded_conv_" : "block_" + blockId + "_";
        int inChannels = b.shape(in).channels();
        int pointwise = makeDivisible((int) (filters * alpha));
        String x = in;
        if (blockId != 0) {
            x = b.add(conv(prefix + "expand", x, expansion * inChannels, 1, 1, Padding.SAME));
            x = b.add(bn(prefix + "expand_BN", x));
            x = b.add(relu6(prefix + "expand_relu", x));
        }
        if (stride == 2) {
            x = b.add(correctPad(prefix + "pad", x, b.shape(x)));
        }
        x = b.add(DepthwiseConv2D.of(prefix + "depthwise", x, 3, stride,
                stride == 1 ? Padding.SAME : Padding.VALID, false));
        x = b.add(bn(prefix + "depthwise_BN", x));
        x = b.add(relu6(prefix + "depthwise_relu", x));
        x = b.add(conv(prefix + "project", x, pointwise, 1, 1, Padding.SAME));
        x = b.add(bn(prefix + "project_BN", x));
        if (inChannels == pointwise && stride == 1) {
            x = b.add(new Add(prefix + "add", List.of(in, x)));
        }
        return x;
    }

    /**
     * Keras {@code correct_pad(x, 3)}: one row/column at the bottom/right, plus one at the top/left for an odd size.
     * Keras looks only at the height to decide whether the size is unknown; an unknown width is treated the same
     * way here (Keras itself fails on a known height with an unknown width).
     */
    static ZeroPadding correctPad(String name, String input, Shape in) {
        boolean unknown = in.height() == Shape.UNKNOWN;
        int adjustH = unknown ? 1 : 1 - in.height() % 2;
        int adjustW = unknown || in.width() == Shape.UNKNOWN ? 1 : 1 - in.width() % 2;
        return new ZeroPadding(name, input, 1 - adjustH, 1, 1 - adjustW, 1);
    }

    /** Keras {@code _make_divisible(v, 8)}, in double arithmetic as in Python. */
    static int makeDivisible(double v) {
        int divisor = 8;
        int newV = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        if (newV < 0.9 * v) {
            newV += divisor;
        }
        return newV;
    }

    private static Conv2D conv(String name, String input, int filters, int kernel, int stride, Padding padding) {
        return Conv2D.of(name, input, filters, kernel, stride, padding, false, ActivationFn.LINEAR);
    }

    private static BatchNorm bn(String name, String input) {
        return new BatchNorm(name, input, BN_EPSILON, BN_MOMENTUM);
    }

    private static Activation relu6(String name, String input) {
        return new Activation(name, input, ActivationFn.RELU6);
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.TF;
    }

    /**
     * The ImageNet no-top file Keras loads for this spec, chosen by {@link #imagenetRows}; empty when Keras would ask
     * for a file that was never published (alpha 1.3 or 1.4 below 224; see {@link #whyNoImagenetWeights}).
     */
    @Override
    public List<WeightFile> weightCatalogue(BackboneSpec spec) {
        check(spec);
        int rows = imagenetRows(spec);
        if (!published(spec.alpha(), rows)) {
            return List.of();
        }
        String file = imagenetFileName(spec.alpha(), rows);
        long size = spec.alpha() == 1.0 && (rows == 128 || rows == 160 || rows == 224) ? SIZE_1_0 : -1L;
        return List.of(new WeightFile(KerasSpecs.IMAGENET, file, KerasSpecs.BASE_URL + "mobilenet_v2/" + file,
                null, null, size));
    }

    /**
     * The resolution of the ImageNet weights Keras loads for a spec: the input size when the input is square and one
     * of {@link #WEIGHT_ROWS}, else 224 (Keras then warns that the 224 weights are loaded as the default).
     */
    public static int imagenetRows(BackboneSpec spec) {
        return spec.height() == spec.width() && WEIGHT_ROWS.contains(spec.height()) ? spec.height() : DEFAULT_ROWS;
    }

    /**
     * The no-top file name Keras requests, alpha spelled as Python's {@code str(float)}, e.g.
     * {@code mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_160_no_top.h5}.
     */
    public static String imagenetFileName(double alpha, int rows) {
        return FILE_PREFIX + alpha + "_" + rows + "_no_top.h5";
    }

    @Override
    public String missingWeightsReason(String weightsId, BackboneSpec spec) {
        if (!KerasSpecs.IMAGENET.equals(weightsId)) {
            return Backbone.super.missingWeightsReason(weightsId, spec);
        }
        return whyNoImagenetWeights(spec).orElse(Backbone.super.missingWeightsReason(weightsId, spec));
    }

    /**
     * Why a spec has no ImageNet weights, for error messages; empty when the catalogue has the file. Only 22 of the
     * 30 (alpha, size) files Keras can request were published: alpha 1.3 and 1.4 exist only at 224×224.
     */
    public static Optional<String> whyNoImagenetWeights(BackboneSpec spec) {
        if (!ALPHAS.contains(spec.alpha())) {
            return Optional.of(alphaProblem(spec.alpha()));
        }
        int rows = imagenetRows(spec);
        if (published(spec.alpha(), rows)) {
            return Optional.empty();
        }
        return Optional.of("Keras published no ImageNet weights for " + ID + " with alpha = " + spec.alpha()
                + " at " + rows + "x" + rows + ": for alpha 1.3 and 1.4 only the 224x224 file exists ("
                + imagenetFileName(spec.alpha(), rows) + " was never published; a download gets HTTP 404)."
                + " Use input-size = [224, 224] (or any size other than " + smallerWeightSizes()
                + ", which loads the 224 weights), an alpha of 0.35, 0.5, 0.75 or 1.0, or weights = none");
    }

    private static boolean published(double alpha, int rows) {
        return alpha <= 1.0 || rows == DEFAULT_ROWS;
    }

    private static String smallerWeightSizes() {
        return WEIGHT_ROWS.stream().filter(r -> r != DEFAULT_ROWS).map(r -> r + "x" + r)
                .collect(Collectors.joining(", "));
    }

    /** {@code stem}, {@code expanded_conv}, {@code block_1} … {@code block_16}, {@code top} ({@code Conv_1} on). */
    @Override
    public List<LayerGroup> layerGroups(BackboneSpec spec) {
        check(spec);
        List<LayerGroup> groups = new ArrayList<>();
        groups.add(new LayerGroup("stem", "Conv1"));
        groups.add(new LayerGroup("expanded_conv", "expanded_conv_depthwise"));
        IntStream.range(1, BLOCKS.length)
                .forEach(i -> groups.add(new LayerGroup("block_" + i, "block_" + i + "_expand")));
        groups.add(new LayerGroup("top", "Conv_1"));
        return List.copyOf(groups);
    }

    private static void check(BackboneSpec spec) {
        if (!ALPHAS.contains(spec.alpha())) {
            throw new TlConfigException(alphaProblem(spec.alpha()));
        }
        KerasSpecs.checkSize(ID, spec);
    }

    private static String alphaProblem(double alpha) {
        return ID + ": alpha = " + alpha + " is not supported; allowed: "
                + ALPHAS.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
