package org.tl4j.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.Shape;

class LayerTableTests {

    private static Graph tiny(int size) {
        GraphBuilder b = Graph.builder("tiny");
        String x = b.add(new Input("input_layer", Shape.hwc(size, size, 3)));
        x = b.add(Conv2D.of("conv", x, 8, 3, 2, Padding.SAME, true, ActivationFn.RELU));
        x = b.add(new BatchNorm("bn", x, 1e-3, 0.99));
        x = b.add(new GlobalAveragePool("pool", x));
        b.add(new Dense("dense", x, 2, true, ActivationFn.SOFTMAX));
        return b.build();
    }

    @Test
    void jsonListsEveryLayerWithShapesAndWeights() {
        String expected = """
                {"model": "tiny", "params": 274, "output_shape": [2], "layers": [
                  {"name": "input_layer", "type": "InputLayer", "output_shape": [32, 32, 3], "weights": []},
                  {"name": "conv", "type": "Conv2D", "output_shape": [16, 16, 8], "weights": [["conv/kernel", [3, 3, 3, 8]], ["conv/bias", [8]]]},
                  {"name": "bn", "type": "BatchNormalization", "output_shape": [16, 16, 8], "weights": [["bn/gamma", [8]], ["bn/beta", [8]], ["bn/moving_mean", [8]], ["bn/moving_variance", [8]]]},
                  {"name": "pool", "type": "GlobalAveragePooling2D", "output_shape": [8], "weights": []},
                  {"name": "dense", "type": "Dense", "output_shape": [2], "weights": [["dense/kernel", [8, 2]], ["dense/bias", [2]]]}
                ]}
                """;
        assertThat(LayerTable.json(tiny(32))).isEqualTo(expected);
    }

    @Test
    void jsonWritesUnknownDimensionsAsNull() {
        String json = LayerTable.json(tiny(Shape.UNKNOWN));
        assertThat(json).contains("\"output_shape\": [null, null, 3]")
                .contains("{\"name\": \"conv\", \"type\": \"Conv2D\", \"output_shape\": [null, null, 8]");
    }

    @Test
    void jsonEscapesStrings() {
        GraphBuilder b = Graph.builder("we\"ird");
        b.add(new Input("in\\put", Shape.of(4)));
        assertThat(LayerTable.json(b.build())).startsWith("{\"model\": \"we\\\"ird\", \"params\": 0")
                .contains("{\"name\": \"in\\\\put\", \"type\": \"InputLayer\", \"output_shape\": [4], "
                        + "\"weights\": []}");
    }

    @Test
    void textHasARowPerLayerAndTotals() {
        String text = LayerTable.text(tiny(32));
        assertThat(text.lines()).hasSize(1 + 2 + 5 + 1 + 2);
        assertThat(text).startsWith("Model: tiny\n")
                .contains("Layers: 5, weighted layers: 3, output: 2\n")
                .endsWith("Total params: 274\n");
        assertThat(text.lines().filter(l -> l.startsWith("conv "))).singleElement()
                .satisfies(l -> assertThat(l.split(" +")).containsExactly("conv", "Conv2D", "16×16×8", "224"));
        assertThat(text.lines().filter(l -> l.startsWith("input_layer"))).singleElement()
                .satisfies(l -> assertThat(l).endsWith(" 0"));
    }

    @Test
    void textGroupsThousandsAndShowsUnknownDimensions() {
        GraphBuilder b = Graph.builder("wide");
        String x = b.add(new Input("input_layer", Shape.hwc(Shape.UNKNOWN, Shape.UNKNOWN, 64)));
        b.add(Conv2D.of("conv", x, 64, 3, 1, Padding.SAME, false, ActivationFn.LINEAR));
        String text = LayerTable.text(b.build());
        assertThat(text).contains("?×?×64").endsWith("Total params: 36,864\n");
    }
}
