package org.tl4j.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Add;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.internal.BatchNormFolding.KernelLayout;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;

/** Which conv+BatchNorm pairs fold, and the folded arrays. */
final class BatchNormFoldingTests {

    /** in → a → a_bn → b (relu) → b_bn; a → c → c_bn (a feeds two layers); out = add(b_bn, c_bn) → d → (output). */
    private static Graph graph() {
        GraphBuilder g = Graph.builder("g");
        String in = g.add(new Input("in", Shape.hwc(4, 4, 2)));
        String a = g.add(conv("a", in, ActivationFn.LINEAR));
        String abn = g.add(new BatchNorm("a_bn", a, 1e-3, 0.99));
        String b = g.add(conv("b", abn, ActivationFn.RELU));
        String bbn = g.add(new BatchNorm("b_bn", b, 1e-3, 0.99));
        String c = g.add(conv("c", a, ActivationFn.LINEAR));
        String cbn = g.add(new BatchNorm("c_bn", c, 1e-3, 0.99));
        String sum = g.add(new Add("add", List.of(bbn, cbn)));
        g.add(conv("d", sum, ActivationFn.LINEAR));
        return g.build();
    }

    private static Conv2D conv(String name, String in, ActivationFn fn) {
        return Conv2D.of(name, in, 2, 1, 1, Padding.SAME, true, fn);
    }

    @Test
    void foldsOnlyFrozenLinearConvsWithOneConsumer() {
        BatchNormFolding f = BatchNormFolding.plan(graph(), Set.of());
        assertThat(f.size()).isEqualTo(1);
        assertThat(f.foldedInto("c")).isNotNull();
        assertThat(f.foldedInto("a")).as("a feeds a_bn and c").isNull();
        assertThat(f.foldedInto("b")).as("b has a fused ReLU").isNull();
        assertThat(f.isFolded("c_bn")).isTrue();
        assertThat(f.isFolded("a_bn")).isFalse();
    }

    @Test
    void trainableLayersDoNotFold() {
        assertThat(BatchNormFolding.plan(graph(), Set.of("c")).size()).isZero();
        assertThat(BatchNormFolding.plan(graph(), Set.of("c_bn")).size()).isZero();
    }

    @Test
    void foldedKernelAndBiasAreTheAffineMap() {
        BatchNorm bn = new BatchNorm("bn", "conv", 0.25, 0.99);
        Weights w = Weights.of(Map.of("bn/gamma", Tensor.of(new float[] {2, 1}, 2),
                "bn/beta", Tensor.of(new float[] {0.5f, -1}, 2),
                "bn/moving_mean", Tensor.of(new float[] {1, 3}, 2),
                "bn/moving_variance", Tensor.of(new float[] {3.75f, 0}, 2)));
        Tensor kernel = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        float[][] folded = BatchNormFolding.fold(kernel.data(), new float[] {1, 1}, KernelLayout.OUTPUT_LAST, w, bn);
        // channel 0: s = 2 / √4 = 1; channel 1: s = 1 / √0.25 = 2
        assertThat(folded[0]).containsExactly(1, 4, 3, 8);
        assertThat(folded[1][0]).isCloseTo((1 - 1) * 1 + 0.5f, within(1e-7f));
        assertThat(folded[1][1]).isCloseTo((1 - 3) * 2 - 1f, within(1e-7f));
    }

    @Test
    void outputFirstKernelsScaleByBlocks() {
        BatchNorm bn = new BatchNorm("bn", "conv", 0.25, 0.99);
        Weights w = Weights.of(Map.of("bn/gamma", Tensor.of(new float[] {2, 1}, 2),
                "bn/beta", Tensor.of(new float[] {0, 0}, 2),
                "bn/moving_mean", Tensor.of(new float[] {0, 0}, 2),
                "bn/moving_variance", Tensor.of(new float[] {3.75f, 0}, 2)));
        float[][] folded = BatchNormFolding.fold(new float[] {1, 2, 3, 4}, null, KernelLayout.OUTPUT_FIRST, w, bn);
        assertThat(folded[0]).containsExactly(1, 2, 6, 8);
        assertThat(folded[1]).containsExactly(0, 0);
    }
}
