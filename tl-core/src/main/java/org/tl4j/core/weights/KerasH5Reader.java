package org.tl4j.core.weights;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.exceptions.HdfException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tl4j.api.WeightsException;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.WeightSlot;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;

/**
 * Reads Keras HDF5 weight files and matches them to a graph the way Keras's {@code load_weights} does: by position,
 * not by name (reference/keras-backbones.md §10.5).
 *
 * <p>Three layouts are understood:
 * <ul>
 *   <li>legacy weights at the root ({@code save_weights} of Keras 1 and 2: attribute {@code layer_names}, one group
 *       per layer with attribute {@code weight_names}), including Keras 1's flat dataset names such as
 *       {@code block1_conv1_W_1:0};</li>
 *   <li>the same under {@code /model_weights} (full-model files written by {@code model.save});</li>
 *   <li>Keras 3 {@code .weights.h5}: {@code layers/<class-based name>/vars/0..n}, where the class-based names
 *       ({@code conv2d}, {@code conv2d_1}, …) are numbered per class in layer order.</li>
 * </ul>
 * String attributes may be fixed- or variable-length, split into chunks ({@code layer_names0}, {@code layer_names1},
 * …) or, for layers without weights, an empty float array.
 *
 * <p>The file's layers that hold weights are paired in order with {@link Graph#weightedNodes()}; their number, the
 * number of arrays per layer and every array's shape must agree exactly. All of that is checked before any data is
 * read, and the result is built off to the side, so a file that does not fit throws a {@link WeightsException}
 * naming the file, the layer (tl4j's name and the file's), and the expected and found shapes, and returns nothing.
 * Layer and dataset names in the file serve only for messages: the published MobileNetV2 files use other names.
 */
public final class KerasH5Reader {
    private static final Logger LOG = LoggerFactory.getLogger(KerasH5Reader.class);
    private static final int LIST_LIMIT = 6;

    private KerasH5Reader() {
    }

    /** Reads {@code file} and returns its weights under tl4j's names ({@code layer/slot}) for {@code graph}. */
    public static Weights read(Path file, Graph graph) {
        Hdf5Files.checkIntact(file);
        try (HdfFile h5 = new HdfFile(file)) {
            List<FileLayer> layers = fileLayers(h5, graph, file);
            List<Node> nodes = graph.weightedNodes();
            checkCount(file, graph, nodes, layers);
            for (int i = 0; i < nodes.size(); i++) {
                checkLayer(file, graph, nodes.get(i), layers.get(i), i, nodes.size());
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                Node node = nodes.get(i);
                List<WeightSlot> slots = graph.weightSlots(node);
                FileLayer layer = layers.get(i);
                for (int j = 0; j < slots.size(); j++) {
                    out.put(node.name() + "/" + slots.get(j).name(), layer.arrays().get(j).read(file, layer));
                }
            }
            LOG.debug("read {} arrays of {} layers from {}", out.size(), nodes.size(), file);
            return Weights.of(out);
        } catch (WeightsException e) {
            throw e;
        } catch (RuntimeException e) {
            // jhdf reports damaged structures with HdfException and, deeper down, buffer and index exceptions
            throw new WeightsException(file + ": cannot read this HDF5 file (" + e.getMessage() + "); it may be "
                    + "damaged: delete it and fetch it again (tl weights fetch)", e);
        }
    }

    /** The file's layers that hold weights, in the order to pair with the graph's weighted nodes. */
    private static List<FileLayer> fileLayers(HdfFile h5, Graph graph, Path file) {
        if (hasStrings(h5, "layer_names")) {
            return legacyLayers(h5, file);
        }
        if (h5.getChild("model_weights") instanceof Group g && hasStrings(g, "layer_names")) {
            return legacyLayers(g, file);
        }
        for (String name : List.of("layers", "_layer_checkpoint_dependencies")) {
            if (h5.getChild(name) instanceof Group g) {
                return keras3Layers(g, graph, file);
            }
        }
        throw new WeightsException(file + ": not a Keras weight file: the HDF5 root has no layer_names attribute, "
                + "no model_weights group and no layers group (root holds: " + list(h5.getChildren().keySet())
                + ")");
    }

    private static List<FileLayer> legacyLayers(Group g, Path file) {
        List<FileLayer> out = new ArrayList<>();
        for (String name : strings(g, "layer_names", file)) {
            if (!(g.getChild(name) instanceof Group layer)) {
                throw new WeightsException(file + ": attribute layer_names lists '" + name + "', but " + g.getPath()
                        + " has no group of that name; the file is damaged or was not written by Keras");
            }
            List<String> weightNames = strings(layer, "weight_names", file);
            if (weightNames.isEmpty()) {
                continue;
            }
            List<FileArray> arrays = new ArrayList<>();
            for (String w : weightNames) {
                arrays.add(new FileArray(w, dataset(layer, w, file, name)));
            }
            out.add(new FileLayer(name, arrays));
        }
        return out;
    }

    private static Dataset dataset(Group layer, String path, Path file, String layerName) {
        io.jhdf.api.Node n;
        try {
            n = layer.getByPath(path);
        } catch (HdfException e) {
            n = null;
        }
        if (!(n instanceof Dataset d)) {
            throw new WeightsException(file + ": layer '" + layerName + "' lists weight '" + path
                    + "' in weight_names, but " + layer.getPath() + path + " is not a dataset in the file");
        }
        return d;
    }

    /**
     * Keras 3: the group of each weighted node is found from its class-based name ({@code conv2d_3}); the number of
     * groups holding variables must equal the number of weighted nodes.
     */
    private static List<FileLayer> keras3Layers(Group layers, Graph graph, Path file) {
        Map<String, Group> withVars = new LinkedHashMap<>();
        for (io.jhdf.api.Node child : layers) {
            if (child instanceof Group g && g.getChild("vars") instanceof Group vars && !datasets(vars).isEmpty()) {
                withVars.put(g.getName(), vars);
            }
        }
        List<FileLayer> out = new ArrayList<>();
        Map<String, Integer> perClass = new HashMap<>();
        for (Node node : graph.nodes()) {
            String base = snakeCase(node.kerasClass());
            int k = perClass.merge(base, 1, Integer::sum) - 1;
            String groupName = k == 0 ? base : base + "_" + k;
            if (graph.weightSlots(node).isEmpty()) {
                continue;
            }
            Group vars = withVars.get(groupName);
            if (vars == null) {
                if (withVars.size() != graph.weightedNodes().size()) {
                    return new ArrayList<>(keras3Summary(withVars));
                }
                throw new WeightsException(file + ": layer '" + node.name() + "' (" + node.kerasClass()
                        + ") should be group " + layers.getPath() + groupName + "/vars in this Keras 3 file, which "
                        + "has no such group with weights (groups with weights: " + list(withVars.keySet()) + ")");
            }
            List<FileArray> arrays = new ArrayList<>();
            for (Dataset d : datasets(vars)) {
                arrays.add(new FileArray(d.getName(), d));
            }
            out.add(new FileLayer(keras3Name(vars, layers.getPath() + groupName), arrays));
        }
        if (withVars.size() != out.size()) {
            return new ArrayList<>(keras3Summary(withVars));
        }
        return out;
    }

    /** The file's layers in listing order, for a count-mismatch message (their order is not Keras order). */
    private static List<FileLayer> keras3Summary(Map<String, Group> withVars) {
        List<FileLayer> out = new ArrayList<>();
        withVars.forEach((name, vars) -> out.add(new FileLayer(keras3Name(vars, name), List.of())));
        return out;
    }

    private static String keras3Name(Group vars, String groupPath) {
        Attribute a = vars.getAttribute("name");
        return a != null && a.getData() instanceof String s ? groupPath + " ('" + s + "')" : groupPath;
    }

    /** The datasets {@code 0, 1, …} of a Keras 3 {@code vars} group, in numeric order. */
    private static List<Dataset> datasets(Group vars) {
        Map<Integer, Dataset> byIndex = new HashMap<>();
        for (io.jhdf.api.Node n : vars) {
            if (n instanceof Dataset d && n.getName().matches("\\d{1,9}")) {
                byIndex.put(Integer.parseInt(n.getName()), d);
            }
        }
        List<Dataset> out = new ArrayList<>();
        for (int i = 0; byIndex.containsKey(i); i++) {
            out.add(byIndex.get(i));
        }
        return out;
    }

    /** Keras's {@code to_snake_case} of a class name: {@code Conv2D → conv2d}, {@code BatchNormalization →
     * batch_normalization}. */
    static String snakeCase(String className) {
        String s = className.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static void checkCount(Path file, Graph graph, List<Node> nodes, List<FileLayer> layers) {
        if (nodes.size() != layers.size()) {
            throw new WeightsException(file + ": the file holds " + layers.size() + " layers with weights but graph '"
                    + graph.name() + "' has " + nodes.size() + "; it is probably the weight file of another model "
                    + "(or of another variant: alpha, input size, include_top). In the file: "
                    + list(layers.stream().map(FileLayer::name).toList()) + "; in tl4j: "
                    + list(nodes.stream().map(Node::name).toList()));
        }
    }

    private static void checkLayer(Path file, Graph graph, Node node, FileLayer layer, int index, int count) {
        List<WeightSlot> slots = graph.weightSlots(node);
        String where = file + ": layer '" + node.name() + "' (" + node.kerasClass() + "; in the file: '"
                + layer.name() + "', weighted layer " + (index + 1) + " of " + count + ")";
        if (slots.size() != layer.arrays().size()) {
            throw new WeightsException(where + " has " + slots.size() + " weights in tl4j ("
                    + slots.stream().map(s -> s.name() + " " + s.shape()).collect(Collectors.joining(", "))
                    + ") but " + layer.arrays().size() + " in the file ("
                    + layer.arrays().stream().map(a -> a.name() + " " + dims(a.shape()))
                            .collect(Collectors.joining(", "))
                    + "); the file does not fit this model");
        }
        for (int j = 0; j < slots.size(); j++) {
            WeightSlot slot = slots.get(j);
            FileArray array = layer.arrays().get(j);
            int[] found = array.shape();
            if (!Arrays.equals(slot.shape().dims(), found)) {
                throw new WeightsException(where + ", weight '" + slot.name() + "': tl4j expects shape "
                        + slot.shape() + " but the file has " + dims(found) + " (dataset '" + array.name()
                        + "'); the file does not fit this model (another model, alpha or input size?)");
            }
            Class<?> type = array.dataset().getJavaType();
            if (type != float.class && type != double.class) {
                throw new WeightsException(where + ", weight '" + slot.name() + "': dataset '" + array.name()
                        + "' holds " + type.getSimpleName() + " values, expected floating point");
            }
        }
    }

    private static boolean hasStrings(Group g, String name) {
        return g.getAttribute(name) != null || g.getAttribute(name + "0") != null;
    }

    /**
     * A list-of-strings attribute as Keras writes it: plain, or split into {@code name0, name1, …} when too large
     * for an object header; missing or an empty (possibly float) array means no strings.
     */
    private static List<String> strings(io.jhdf.api.Node node, String name, Path file) {
        Attribute plain = node.getAttribute(name);
        if (plain != null) {
            return decode(plain, node, file);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; node.getAttribute(name + i) != null; i++) {
            out.addAll(decode(node.getAttribute(name + i), node, file));
        }
        return out;
    }

    private static List<String> decode(Attribute a, io.jhdf.api.Node node, Path file) {
        if (a.isEmpty()) {
            return List.of();
        }
        Object data = a.getData();
        if (data instanceof String s) {
            return List.of(stripNul(s));
        }
        if (data instanceof String[] arr) {
            return Arrays.stream(arr).map(KerasH5Reader::stripNul).toList();
        }
        if (data != null && data.getClass().isArray() && Array.getLength(data) == 0) {
            return List.of();
        }
        throw new WeightsException(file + ": attribute " + a.getName() + " of " + node.getPath() + " holds "
                + a.getJavaType().getSimpleName() + " values, expected strings; the file was not written by Keras");
    }

    private static String stripNul(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Shape as {@code 3×3×3×64}; {@code scalar} for rank 0. */
    static String dims(int[] shape) {
        return shape.length == 0 ? "scalar"
                : Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining("×"));
    }

    private static String list(java.util.Collection<String> names) {
        if (names.isEmpty()) {
            return "(none)";
        }
        List<String> all = new ArrayList<>(names);
        if (all.size() <= LIST_LIMIT) {
            return String.join(", ", all);
        }
        return String.join(", ", all.subList(0, LIST_LIMIT - 2)) + ", … (" + (all.size() - LIST_LIMIT + 1)
                + " more), " + all.get(all.size() - 1);
    }

    /** A layer of the file that holds weights. */
    private record FileLayer(String name, List<FileArray> arrays) {
    }

    /** One weight array of the file: its name as the file gives it, and the dataset (data not yet read). */
    private record FileArray(String name, Dataset dataset) {
        int[] shape() {
            return dataset.getDimensions();
        }

        Tensor read(Path file, FileLayer layer) {
            Object flat = dataset.getDataFlat();
            float[] values;
            if (flat instanceof float[] f) {
                values = f;
            } else if (flat instanceof double[] d) {
                values = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    values[i] = (float) d[i];
                }
            } else if (flat instanceof Number n) {
                values = new float[] {n.floatValue()};
            } else {
                throw new WeightsException(file + ": dataset '" + name + "' of layer '" + layer.name()
                        + "' could not be read as floating point values");
            }
            return Tensor.of(values, shape());
        }
    }
}
