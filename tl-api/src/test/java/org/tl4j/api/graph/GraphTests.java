package org.tl4j.api.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tl4j.api.GraphException;

class GraphTests {

    @ParameterizedTest(name = "same padding n={0} k={1} s={2}")
    @CsvSource({
        // n, k, s, out, before, after  (TensorFlow: total = max((ceil(n/s)-1)*s + k - n, 0), extra pixel bottom/right)
        "224, 3, 2, 112, 0, 1",
        "225, 3, 2, 113, 1, 1",
        "160, 3, 2, 80, 0, 1",
        "33, 3, 2, 17, 1, 1",
        "32, 3, 1, 32, 1, 1",
        "7, 7, 2, 4, 3, 3",
        "8, 7, 2, 4, 2, 3",
        "5, 1, 2, 3, 0, 0",
        "1, 3, 2, 1, 1, 1"})
    void samePaddingFollowsTensorFlow(int n, int k, int s, int out, int before, int after) {
        assertThat(Padding.SAME.outputSize(n, k, s)).isEqualTo(out);
        assertThat(Padding.SAME.amounts(n, k, s)).containsExactly(before, after);
    }

    @Test
    void validPaddingFloorsAndDoesNotPad() {
        assertThat(Padding.VALID.outputSize(225, 3, 2)).isEqualTo(112);
        assertThat(Padding.VALID.outputSize(224, 2, 2)).isEqualTo(112);
        assertThat(Padding.VALID.amounts(224, 3, 2)).containsExactly(0, 0);
    }

    @Test
    void infersShapesThroughConvPaddingPoolingAndDense() {
        GraphBuilder b = Graph.builder("tiny");
        b.add(new Input("input_layer", Shape.hwc(33, 35, 3)));
        b.add(new ZeroPadding("pad", "input_layer", 0, 1, 0, 1));
        String c = b.add(Conv2D.of("conv", "pad", 8, 3, 2, Padding.VALID, false, ActivationFn.LINEAR));
        b.add(new BatchNorm("bn", c, 1e-3, 0.99));
        b.add(new Activation("relu", "bn", ActivationFn.RELU6));
        b.add(DepthwiseConv2D.of("dw", "relu", 3, 2, Padding.SAME, false));
        b.add(MaxPool.of("pool", "dw", 2, 2, Padding.VALID));
        b.add(new GlobalAveragePool("gap", "pool"));
        b.add(new Dense("dense", "gap", 4, true, ActivationFn.SOFTMAX));
        Graph g = b.build();

        assertThat(g.shape("pad")).isEqualTo(Shape.hwc(34, 36, 3));
        assertThat(g.shape("conv")).isEqualTo(Shape.hwc(16, 17, 8));
        assertThat(g.shape("dw")).isEqualTo(Shape.hwc(8, 9, 8));
        assertThat(g.shape("pool")).isEqualTo(Shape.hwc(4, 4, 8));
        assertThat(g.outputShape()).isEqualTo(Shape.of(4));
        assertThat(g.weightShapes()).containsExactly(
                java.util.Map.entry("conv/kernel", Shape.of(3, 3, 3, 8)),
                java.util.Map.entry("bn/gamma", Shape.of(8)), java.util.Map.entry("bn/beta", Shape.of(8)),
                java.util.Map.entry("bn/moving_mean", Shape.of(8)),
                java.util.Map.entry("bn/moving_variance", Shape.of(8)),
                java.util.Map.entry("dw/depthwise_kernel", Shape.of(3, 3, 8, 1)),
                java.util.Map.entry("dense/kernel", Shape.of(8, 4)), java.util.Map.entry("dense/bias", Shape.of(4)));
        assertThat(g.paramCount()).isEqualTo(216 + 32 + 72 + 36);
        assertThat(g.weightedNodes()).extracting(Node::name).containsExactly("conv", "bn", "dw", "dense");
        assertThat(g.node("relu").kerasClass()).isEqualTo("ReLU");
    }

    @Test
    void unknownSpatialSizePropagates() {
        GraphBuilder b = Graph.builder("any");
        b.add(new Input("in", Shape.hwc(Shape.UNKNOWN, Shape.UNKNOWN, 3)));
        b.add(Conv2D.of("c", "in", 4, 3, 2, Padding.SAME, true, ActivationFn.RELU));
        b.add(new ZeroPadding("p", "c", 1, 1, 1, 1));
        assertThat(b.build().outputShape()).isEqualTo(Shape.hwc(Shape.UNKNOWN, Shape.UNKNOWN, 4));
        assertThat(b.build().outputShape().toString()).isEqualTo("?×?×4");
    }

    @Test
    void shapeErrorsNameTheLayerAndShapes() {
        GraphBuilder b = Graph.builder("bad");
        b.add(new Input("in", Shape.hwc(4, 4, 3)));
        assertThatThrownBy(() -> b.add(Conv2D.of("big", "in", 4, 7, 1, Padding.VALID, true, ActivationFn.LINEAR)))
                .isInstanceOf(GraphException.class)
                .hasMessageContaining("layer 'big' (Conv2D)")
                .hasMessageContaining("4×4×3");
        b.add(Conv2D.of("a", "in", 4, 1, 1, Padding.SAME, true, ActivationFn.LINEAR));
        b.add(Conv2D.of("b", "in", 5, 1, 1, Padding.SAME, true, ActivationFn.LINEAR));
        assertThatThrownBy(() -> b.add(new Add("add", List.of("a", "b"))))
                .hasMessageContaining("layer 'add' (Add): inputs must have equal shapes")
                .hasMessageContaining("[4×4×4, 4×4×5]");
        assertThatThrownBy(() -> b.add(new Dense("d", "a", 3, true, ActivationFn.LINEAR)))
                .hasMessageContaining("layer 'd' (Dense): expects a rank-1 input");
    }

    @Test
    void refusesDanglingInputsDuplicatesAndMissingInput() {
        assertThatThrownBy(() -> Graph.of("g", List.of(new Input("in", Shape.hwc(4, 4, 3)),
                new Activation("r", "nowhere", ActivationFn.RELU))))
                .hasMessageContaining("layer 'r' (Activation) reads 'nowhere'");
        assertThatThrownBy(() -> Graph.of("g", List.of(new Input("in", Shape.hwc(4, 4, 3)),
                new Activation("in", "in", ActivationFn.RELU))))
                .hasMessageContaining("two layers named 'in'");
        assertThatThrownBy(() -> Graph.of("g", List.of(new GlobalAveragePool("gap", "x"))))
                .hasMessageContaining("must start with an Input node");
        assertThatThrownBy(() -> new Dropout("d", "x", 1.0).outputShape(List.of(Shape.of(3))))
                .hasMessageContaining("dropout rate must be in [0, 1)");
    }

    @Test
    void thenJoinsAHeadOntoTheBaseOutput() {
        Graph base = Graph.of("base", List.of(new Input("input_layer", Shape.hwc(5, 5, 8)),
                Conv2D.of("conv", "input_layer", 16, 1, 1, Padding.SAME, true, ActivationFn.RELU)));
        Graph head = Graph.of("head", List.of(new Input("features", Shape.hwc(5, 5, 16)),
                new GlobalAveragePool("gap", "features"), new Dense("dense", "gap", 3, true, ActivationFn.SOFTMAX)));
        Graph full = base.then(head);
        assertThat(full.nodes()).extracting(Node::name).containsExactly("input_layer", "conv", "gap", "dense");
        assertThat(full.node("gap").inputs()).containsExactly("conv");
        assertThat(full.outputShape()).isEqualTo(Shape.of(3));
        assertThat(full.upTo("conv").outputShape()).isEqualTo(Shape.hwc(5, 5, 16));

        Graph wrong = Graph.of("head", List.of(new Input("features", Shape.hwc(5, 5, 15)),
                new GlobalAveragePool("gap", "features")));
        assertThatThrownBy(() -> base.then(wrong)).hasMessageContaining("expects input 5×5×15 but 'base' produces 5×5×16");
    }
}
