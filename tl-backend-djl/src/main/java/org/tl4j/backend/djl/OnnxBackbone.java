package org.tl4j.backend.djl;

import com.google.auto.service.AutoService;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.External;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.internal.HomePaths;
import org.tl4j.backend.djl.engine.OnnxProbe;
import org.tl4j.backend.djl.onnx.ExternalOnnxModel;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.LayerGroup;
import org.tl4j.spi.Preprocessing;
import org.tl4j.spi.WeightFile;

/**
 * The {@code onnx} backbone: any ONNX file as a frozen base, e.g. a torchvision network exported by PyTorch. Its graph
 * is an {@link Input} followed by one {@link External} layer of format {@code onnx}, which the djl backend merges
 * into the model it runs (and exports). Options ({@code tl4j.backbone.options}):
 * <ul>
 * <li>{@code path} — the ONNX file (required);
 * <li>{@code input-name}, {@code output-name} — default: the file's only input and its first output;
 * <li>{@code layout} — {@code nchw} (default, PyTorch) or {@code nhwc};
 * <li>{@code preprocessing} — {@code torch} (default), {@code tf}, {@code caffe} or {@code none}.
 * </ul>
 * The output shape is found by running the file once on a zero image of the spec's size. The weights live in the
 * file, so the weight catalogue is empty and the graph has no weight slots.
 */
@AutoService(Backbone.class)
public final class OnnxBackbone implements Backbone {
    /** The config id. */
    public static final String ID = "onnx";
    /** Option: the ONNX file. */
    public static final String PATH = "path";
    /** Option: the preprocessing mode. */
    public static final String PREPROCESSING = "preprocessing";
    /** The name of the single external layer. */
    public static final String LAYER = "onnx_backbone";

    private static final Set<String> KEYS = Set.of(PATH, ExternalOnnxModel.INPUT_NAME, ExternalOnnxModel.OUTPUT_NAME,
            ExternalOnnxModel.LAYOUT, PREPROCESSING);

    private final Map<String, Shape> probed = new ConcurrentHashMap<>();

    /** Creates the provider; cheap. */
    public OnnxBackbone() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<org.tl4j.spi.Capability> requiredCapabilities() {
        return Set.of(org.tl4j.spi.Capability.EXTERNAL_ONNX);
    }

    @Override
    public Set<String> optionKeys() {
        return KEYS;
    }

    @Override
    public String description() {
        return "any ONNX file as a frozen base (options: path, input-name, output-name, layout, preprocessing); "
                + "backend djl";
    }

    @Override
    public BackboneSpec defaultSpec() {
        return BackboneSpec.of(224, 224, 1.0);
    }

    @Override
    public Graph graph(BackboneSpec spec) {
        Config o = options(spec);
        Path path = path(o);
        Map<String, String> ext = new LinkedHashMap<>();
        for (String key : List.of(ExternalOnnxModel.INPUT_NAME, ExternalOnnxModel.OUTPUT_NAME,
                ExternalOnnxModel.LAYOUT)) {
            if (o.hasPath(key)) {
                ext.put(key, o.getString(key));
            }
        }
        boolean nhwc = layoutIsNhwc(o);
        Shape out = probed.computeIfAbsent(probeKey(path, ext, spec), k -> probe(path, ext, nhwc, spec));
        Input input = new Input("input", Shape.hwc(spec.height(), spec.width(), 3));
        String name = path.getFileName().toString().replaceFirst("\\.onnx$", "");
        return Graph.of("onnx_" + name, List.of(input,
                new External(LAYER, input.name(), ExternalOnnxModel.FORMAT, path.toString(), ext, out)));
    }

    private static Config options(BackboneSpec spec) {
        Config o = spec.options();
        for (String key : o.root().keySet()) {
            if (!KEYS.contains(key)) {
                throw new TlConfigException("tl4j.backbone.options." + key + " (" + o.origin().description()
                        + ") is not an option of the onnx backbone; it knows " + KEYS.stream().sorted().toList());
            }
        }
        return o;
    }

    private static Path path(Config o) {
        if (!o.hasPath(PATH)) {
            throw new TlConfigException("the onnx backbone needs tl4j.backbone.options.path, the ONNX file to run");
        }
        String raw = o.getString(PATH);
        Path p = HomePaths.expand(raw).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw new TlConfigException("tl4j.backbone.options.path = " + raw + " (" + o.origin().description()
                    + "): no such file " + p);
        }
        return p;
    }

    private static boolean layoutIsNhwc(Config o) {
        String layout = o.hasPath(ExternalOnnxModel.LAYOUT) ? o.getString(ExternalOnnxModel.LAYOUT)
                .toLowerCase(Locale.ROOT) : "nchw";
        if (!layout.equals("nchw") && !layout.equals("nhwc")) {
            throw new TlConfigException("tl4j.backbone.options.layout = " + layout + " is not one of [nchw, nhwc]");
        }
        return layout.equals("nhwc");
    }

    private static String probeKey(Path path, Map<String, String> ext, BackboneSpec spec) {
        try {
            return path + "|" + Files.size(path) + "|" + Files.getLastModifiedTime(path) + "|" + ext + "|"
                    + spec.height() + "x" + spec.width();
        } catch (java.io.IOException e) {
            throw new TlConfigException("cannot read the onnx backbone file " + path + ": " + e.getMessage(), e);
        }
    }

    private static Shape probe(Path path, Map<String, String> ext, boolean nhwc, BackboneSpec spec) {
        long[] d = OnnxProbe.outputDims(path, ext.get(ExternalOnnxModel.INPUT_NAME),
                ext.get(ExternalOnnxModel.OUTPUT_NAME), nhwc, spec.height(), spec.width());
        if (d.length == 2) {
            return Shape.of(Math.toIntExact(d[1]));
        }
        if (d.length == 4) {
            int[] i = {Math.toIntExact(d[1]), Math.toIntExact(d[2]), Math.toIntExact(d[3])};
            return nhwc ? Shape.hwc(i[0], i[1], i[2]) : Shape.hwc(i[1], i[2], i[0]);
        }
        throw new TlConfigException("the onnx backbone " + path + " gives a rank-" + d.length + " output "
                + java.util.Arrays.toString(d) + "; tl4j takes feature maps (rank 4) or vectors (rank 2)");
    }

    /** {@code torch} unless the spec's {@code preprocessing} option says otherwise. */
    @Override
    public Preprocessing preprocessing(BackboneSpec spec) {
        Config o = spec.options();
        if (!o.hasPath(PREPROCESSING)) {
            return preprocessing();
        }
        String id = o.getString(PREPROCESSING);
        try {
            return Preprocessing.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new TlConfigException("tl4j.backbone.options.preprocessing = " + id + " is not one of "
                    + "[tf, caffe, torch, none]");
        }
    }

    /** {@code torch}: the mode of torchvision's networks, the most common source of ONNX backbones. */
    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.TORCH;
    }

    /** Empty: the weights are inside the ONNX file. */
    @Override
    public List<WeightFile> weightCatalogue(BackboneSpec spec) {
        return List.of();
    }

    @Override
    public List<LayerGroup> layerGroups(BackboneSpec spec) {
        return List.of();
    }
}
