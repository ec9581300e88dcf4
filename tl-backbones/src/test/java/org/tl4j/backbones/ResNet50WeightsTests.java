package org.tl4j.backbones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.WeightsException;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.WeightSlot;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.weights.KerasH5Reader;
import org.tl4j.spi.BackboneSpec;

/**
 * Loads a ResNet50 weight file laid out as Keras writes it into {@link ResNet50Backbone}'s graph. The file is made
 * here with jhdf: one group per weighted layer in Keras's {@code model.layers} order, which this test spells out on
 * its own from reference/keras-backbones.md §3.3 (not from the backbone), and every array filled with a value that
 * identifies its layer and slot. In {@code conv2_block1} the shortcut {@code _0_conv} and the main-branch
 * {@code _3_conv} have the same shapes (1×1×64×256 and 256), so only the order tells them apart: a wrong order
 * would load silently and give wrong features.
 */
class ResNet50WeightsTests {
    private static final String[] CONV_SLOTS = {"kernel", "bias"};
    private static final String[] BN_SLOTS = {"gamma", "beta", "moving_mean", "moving_variance"};

    @TempDir
    static Path dir;

    private static Graph graph;
    private static List<String> order;
    private static Path file;

    @BeforeAll
    static void writeKerasFile() {
        graph = new ResNet50Backbone().graph(BackboneSpec.of(32, 32, 1.0));
        order = kerasWeightedLayerOrder();
        file = dir.resolve("resnet50_notop.h5");
        write(file, order);
    }

    @Test
    void kerasOrderHasTheDocumentedCountAndTheSameLayersAsTheGraph() {
        assertThat(order).hasSize(106).doesNotHaveDuplicates();
        assertThat(graph.weightedNodes()).extracting(n -> n.name()).containsExactlyInAnyOrderElementsOf(order);
    }

    @Test
    void loadsSameShapedShortcutAndMainBranchConvsIntoTheirOwnLayers() {
        Weights w = KerasH5Reader.read(file, graph);

        int shortcut = order.indexOf("conv2_block1_0_conv");
        int main = order.indexOf("conv2_block1_3_conv");
        assertThat(w.get("conv2_block1_0_conv/kernel").shape()).containsExactly(1, 1, 64, 256);
        assertThat(w.get("conv2_block1_3_conv/kernel").shape()).containsExactly(1, 1, 64, 256);
        assertThat(w.get("conv2_block1_0_conv/kernel").data()).containsOnly(value(shortcut, 0));
        assertThat(w.get("conv2_block1_3_conv/kernel").data()).containsOnly(value(main, 0));
        assertThat(w.get("conv2_block1_0_conv/bias").data()).containsOnly(value(shortcut, 1));
        assertThat(w.get("conv2_block1_3_conv/bias").data()).containsOnly(value(main, 1));
        assertThat(w.get("conv2_block1_0_bn/gamma").data()).containsOnly(value(order.indexOf("conv2_block1_0_bn"), 0));
        assertThat(w.get("conv2_block1_3_bn/gamma").data()).containsOnly(value(order.indexOf("conv2_block1_3_bn"), 0));
    }

    @Test
    void loadsEveryArrayOfAll106LayersIntoItsLayerAndSlot() {
        Weights w = KerasH5Reader.read(file, graph);

        assertThat(w.size()).isEqualTo(318);
        w.checkFits(graph, file.toString());
        for (int i = 0; i < order.size(); i++) {
            List<WeightSlot> slots = graph.weightSlots(graph.node(order.get(i)));
            for (int j = 0; j < slots.size(); j++) {
                float[] data = w.get(order.get(i) + "/" + slots.get(j).name()).data();
                assertThat(data[0]).as(order.get(i) + "/" + slots.get(j).name()).isEqualTo(value(i, j));
                assertThat(data[data.length - 1]).isEqualTo(value(i, j));
            }
        }
    }

    @Test
    void refusesAFileWithConv3ShortcutAndMainBranchSwapped() {
        // conv3_block1: _0_conv is 1×1×256×512, _3_conv 1×1×128×512; swapping them must be caught by shape
        List<String> swapped = new ArrayList<>(order);
        int a = swapped.indexOf("conv3_block1_0_conv");
        int b = swapped.indexOf("conv3_block1_3_conv");
        swapped.set(a, "conv3_block1_3_conv");
        swapped.set(b, "conv3_block1_0_conv");
        Path bad = dir.resolve("swapped.h5");
        write(bad, swapped);

        assertThatThrownBy(() -> KerasH5Reader.read(bad, graph))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("layer 'conv3_block1_0_conv' (Conv2D; in the file: 'conv3_block1_3_conv'")
                .hasMessageContaining("tl4j expects shape 1×1×256×512 but the file has 1×1×128×512");
    }

    /**
     * Keras {@code model.layers} order of ResNet50's weighted layers (§3.3): the stem, then per block
     * {@code _1_conv, _1_bn, _2_conv, _2_bn}, then in the first block of a stack
     * {@code _0_conv, _3_conv, _0_bn, _3_bn} (the shortcut is the first input of Add and is visited first), else
     * {@code _3_conv, _3_bn}.
     */
    static List<String> kerasWeightedLayerOrder() {
        List<String> out = new ArrayList<>(List.of("conv1_conv", "conv1_bn"));
        int[][] stacks = {{2, 3}, {3, 4}, {4, 6}, {5, 3}};
        for (int[] stack : stacks) {
            for (int block = 1; block <= stack[1]; block++) {
                String p = "conv" + stack[0] + "_block" + block;
                out.addAll(List.of(p + "_1_conv", p + "_1_bn", p + "_2_conv", p + "_2_bn"));
                if (block == 1) {
                    out.addAll(List.of(p + "_0_conv", p + "_3_conv", p + "_0_bn", p + "_3_bn"));
                } else {
                    out.addAll(List.of(p + "_3_conv", p + "_3_bn"));
                }
            }
        }
        return out;
    }

    /** The value of every element of array {@code slot} of the {@code layer}-th weighted layer in the file. */
    private static float value(int layer, int slot) {
        return 10f * layer + slot + 1;
    }

    /**
     * Writes a Keras 2 legacy file: root attribute {@code layer_names} in the given order, one group per layer with
     * {@code weight_names} and nested {@code layer/slot:0} datasets whose shapes come from the graph by name.
     */
    private static void write(Path target, List<String> layers) {
        try (WritableHdfFile h5 = HdfFile.write(target)) {
            h5.putAttribute("layer_names", layers.toArray(String[]::new));
            h5.putAttribute("backend", "tensorflow");
            h5.putAttribute("keras_version", "2.2.4");
            for (int i = 0; i < layers.size(); i++) {
                String name = layers.get(i);
                List<WeightSlot> slots = graph.weightSlots(graph.node(name));
                String[] slotNames = slots.size() == 2 ? CONV_SLOTS : BN_SLOTS;
                WritableGroup g = h5.putGroup(name);
                g.putAttribute("weight_names",
                        Arrays.stream(slotNames).map(s -> name + "/" + s + ":0").toArray(String[]::new));
                WritableGroup inner = g.putGroup(name);
                for (int j = 0; j < slots.size(); j++) {
                    inner.putDataset(slotNames[j] + ":0", filled(slots.get(j).shape().dims(), value(i, j)));
                }
            }
        }
    }

    /** A multi-dimensional {@code float} array of the given shape, every element {@code v}. */
    private static Object filled(int[] dims, float v) {
        Object a = Array.newInstance(float.class, dims);
        fill(a, v);
        return a;
    }

    private static void fill(Object a, float v) {
        if (a instanceof float[] f) {
            Arrays.fill(f, v);
        } else {
            for (int i = 0; i < Array.getLength(a); i++) {
                fill(Array.get(a, i), v);
            }
        }
    }
}
