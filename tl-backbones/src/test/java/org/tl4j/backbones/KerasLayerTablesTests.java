package org.tl4j.backbones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tl4j.api.graph.Activation;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.DepthwiseConv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.MaxPool;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.graph.WeightSlot;
import org.tl4j.api.graph.ZeroPadding;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;

/**
 * Checks every backbone against Keras's own layer dumps (test resources {@code keras-layers/*.json}, produced by
 * executing Keras 3; provenance in that folder's README): layer names and order, Keras classes, configuration, output
 * shapes, weight names and shapes, and the parameter total.
 */
class KerasLayerTablesTests {
    private static final Pattern DUMP =
            Pattern.compile("(vgg16|resnet50|mobilenet_v2)_(\\d+|none)_(\\d+(?:\\.\\d+)?)\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Backbone> BACKBONES = Map.of(Vgg16Backbone.ID, new Vgg16Backbone(),
            ResNet50Backbone.ID, new ResNet50Backbone(), MobileNetV2Backbone.ID, new MobileNetV2Backbone());

    /** The reference folder among the test resources. */
    static Path referenceFolder() {
        URL readme = KerasLayerTablesTests.class.getResource("/keras-layers/README.md");
        assertThat(readme).as("test resource keras-layers/README.md").isNotNull();
        try {
            return Path.of(readme.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> dumps(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> DUMP.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyKerasDumpMatchesTheGraph() throws IOException {
        return dumps(referenceFolder()).stream()
                .map(f -> dynamicTest(f.getFileName().toString(), () -> checkDump(f)));
    }

    @Test
    void referenceFolderHoldsDumpsOfAllThreeModelsAndNothingUnrecognised() throws IOException {
        Path folder = referenceFolder();
        List<String> names = dumps(folder).stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).anyMatch(n -> n.startsWith("vgg16_")).anyMatch(n -> n.startsWith("resnet50_"))
                .anyMatch(n -> n.startsWith("mobilenet_v2_"));
        assertThat(names).as("one dump per model, size and alpha that Keras was asked for").hasSize(35);
        try (Stream<Path> all = Files.list(folder)) {
            assertThat(all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .filter(n -> !names.contains(n)))
                    .as("JSON files that are not layer dumps (and so are not checked)")
                    .isEmpty();
        }
    }

    private static void checkDump(Path file) throws IOException {
        Matcher m = DUMP.matcher(file.getFileName().toString());
        assertThat(m.matches()).isTrue();
        int size = m.group(2).equals("none") ? Shape.UNKNOWN : Integer.parseInt(m.group(2));
        Graph graph = BACKBONES.get(m.group(1)).graph(BackboneSpec.of(size, size, Double.parseDouble(m.group(3))));
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode layers = root.get("layers");

        List<String> kerasNames = new ArrayList<>();
        layers.forEach(l -> kerasNames.add(l.get("name").asText()));
        assertThat(graph.nodes().stream().map(Node::name).toList()).as("layer names in model.layers order")
                .containsExactlyElementsOf(kerasNames);
        for (int i = 0; i < layers.size(); i++) {
            checkLayer(graph, graph.nodes().get(i), layers.get(i));
        }
        assertThat(graph.name()).as("model name").isEqualTo(root.get("model_name").asText());
        assertThat(dims(graph.outputShape())).as("model output shape")
                .isEqualTo(kerasOutputShape(root.get("output_shape")));
        assertThat(graph.paramCount()).as("n_params").isEqualTo(root.get("n_params").asLong());
    }

    private static void checkLayer(Graph graph, Node node, JsonNode layer) {
        String where = "layer '" + node.name() + "'";
        assertThat(node.kerasClass()).as(where + " class").isEqualTo(layer.get("class").asText());
        assertThat(dims(graph.shape(node.name()))).as(where + " output shape")
                .isEqualTo(kerasOutputShape(layer.get("output_shape")));
        List<String> kerasWeights = new ArrayList<>();
        layer.get("weights").forEach(w -> kerasWeights.add(w.get(0).asText() + " " + kerasShape(w.get(1))));
        assertThat(ourWeights(graph, node)).as(where + " weights").containsExactlyElementsOf(kerasWeights);
        JsonNode expected = JSON.valueToTree(kerasConfig(node));
        expected.fieldNames().forEachRemaining(key -> assertThat(layer.get(key)).as(where + " config " + key)
                .isEqualTo(expected.get(key)));
    }

    /** Our weights as {@code "layer/slot [dims]"}, with Keras 3's name for the depthwise kernel. */
    private static List<String> ourWeights(Graph graph, Node node) {
        List<String> out = new ArrayList<>();
        for (WeightSlot slot : graph.weightSlots(node)) {
            out.add(node.name() + "/" + keras3SlotName(node, slot.name()) + " " + dims(slot.shape()));
        }
        return out;
    }

    /**
     * The one naming difference: Keras 3 calls a depthwise kernel {@code kernel}, while Keras 2, every published
     * weight file and tl4j call it {@code depthwise_kernel}.
     */
    private static String keras3SlotName(Node node, String slot) {
        return node instanceof DepthwiseConv2D && slot.equals("depthwise_kernel") ? "kernel" : slot;
    }

    /** The Keras {@code get_config()} fields that the dumps record for this node's class. */
    private static Map<String, Object> kerasConfig(Node node) {
        Map<String, Object> c = new LinkedHashMap<>();
        if (node instanceof Conv2D conv) {
            c.put("filters", conv.filters());
            c.put("kernel_size", List.of(conv.kernelH(), conv.kernelW()));
            c.put("strides", List.of(conv.strideH(), conv.strideW()));
            c.put("padding", conv.padding().keras());
            c.put("use_bias", conv.useBias());
            c.put("activation", conv.activation().keras());
        } else if (node instanceof DepthwiseConv2D dw) {
            c.put("kernel_size", List.of(dw.kernelH(), dw.kernelW()));
            c.put("strides", List.of(dw.strideH(), dw.strideW()));
            c.put("padding", dw.padding().keras());
            c.put("use_bias", dw.useBias());
            c.put("activation", dw.activation().keras());
            c.put("depth_multiplier", dw.depthMultiplier());
        } else if (node instanceof BatchNorm bn) {
            c.put("epsilon", bn.epsilon());
            c.put("momentum", bn.momentum());
        } else if (node instanceof Activation a && a.fn() == ActivationFn.RELU6) {
            c.put("max_value", 6.0);
            c.put("negative_slope", 0.0);
            c.put("threshold", 0.0);
        } else if (node instanceof Activation a) {
            c.put("activation", a.fn().keras());
        } else if (node instanceof ZeroPadding z) {
            c.put("padding", List.of(List.of(z.top(), z.bottom()), List.of(z.left(), z.right())));
        } else if (node instanceof MaxPool p) {
            c.put("pool_size", List.of(p.poolH(), p.poolW()));
            c.put("strides", List.of(p.strideH(), p.strideW()));
            c.put("padding", p.padding().keras());
        }
        return c;
    }

    private static String dims(Shape shape) {
        return Arrays.toString(shape.dims());
    }

    /** A Keras weight shape as our dims. */
    private static String kerasShape(JsonNode shape) {
        List<Integer> out = new ArrayList<>();
        shape.forEach(d -> out.add(d.isNull() ? Shape.UNKNOWN : d.asInt()));
        return out.toString();
    }

    /** A Keras activation shape as our dims: the leading batch dimension dropped, {@code null} as unknown. */
    private static String kerasOutputShape(JsonNode shape) {
        assertThat(shape.get(0).isNull()).as("batch dimension of " + shape).isTrue();
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i < shape.size(); i++) {
            out.add(shape.get(i).isNull() ? Shape.UNKNOWN : shape.get(i).asInt());
        }
        return out.toString();
    }
}
