package org.tl4j.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tl4j.api.WeightsException;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.graph.WeightSlot;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;

class KerasH5ReaderTests {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tiny_root.h5", "tiny_model_weights.h5", "tiny_keras1.h5", "tiny.weights.h5"})
    void readsEveryLayoutByPositionIntoOurNames(String fixture) {
        Graph graph = TinyNet.graph();

        Weights w = KerasH5Reader.read(TinyNet.fixture(fixture), graph);

        assertThat(w.names()).containsExactlyElementsOf(TinyNet.WEIGHT_NAMES);
        w.checkFits(graph, fixture);
        int k = 0;
        for (Map.Entry<String, Shape> e : graph.weightShapes().entrySet()) {
            assertThat(w.get(e.getKey())).as(e.getKey()).isEqualTo(TinyNet.expected(k++, e.getValue().dims()));
        }
    }

    @Test
    void keepsKerasKernelLayoutAsStored() {
        Weights w = KerasH5Reader.read(TinyNet.fixture("tiny_root.h5"), TinyNet.graph());

        Tensor kernel = w.get("conv1/kernel");
        assertThat(kernel.shape()).containsExactly(3, 3, 3, 4);
        // HWIO, row-major: element [0,0,1,2] is flat index 1*4 + 2 = 6
        assertThat(kernel.data()[6]).isEqualTo(TinyNet.value(0, 6));
    }

    @Test
    void namesKerasThreeGroupsAsKerasDoes() {
        assertThat(KerasH5Reader.snakeCase("Conv2D")).isEqualTo("conv2d");
        assertThat(KerasH5Reader.snakeCase("DepthwiseConv2D")).isEqualTo("depthwise_conv2d");
        assertThat(KerasH5Reader.snakeCase("BatchNormalization")).isEqualTo("batch_normalization");
        assertThat(KerasH5Reader.snakeCase("Dense")).isEqualTo("dense");
        assertThat(KerasH5Reader.snakeCase("ReLU")).isEqualTo("re_lu");
    }

    @Test
    void refusesAnotherModelsFileNamingBothLayerLists() {
        Path file = TinyNet.fixture("tiny_other_model.h5");

        assertThatThrownBy(() -> KerasH5Reader.read(file, TinyNet.graph()))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("holds 3 layers with weights but graph 'tiny' has 4")
                .hasMessageContaining("block1_conv1, block1_conv2, block2_conv1")
                .hasMessageContaining("conv1, bn1, conv2, bn2");
    }

    @Test
    void refusesAChangedShapeNamingLayerAndBothShapes() {
        Path file = TinyNet.fixture("tiny_wrong_shape.h5");

        assertThatThrownBy(() -> KerasH5Reader.read(file, TinyNet.graph()))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("layer 'conv2' (Conv2D; in the file: 'conv2', weighted layer 3 of 4)")
                .hasMessageContaining("weight 'kernel': tl4j expects shape 1×1×4×2 but the file has 1×1×4×3")
                .hasMessageContaining("conv2/kernel:0");
    }

    @Test
    void refusesKerasThreeFileOfAnotherGraph() {
        Graph bigger = graph("bigger", 3);

        assertThatThrownBy(() -> KerasH5Reader.read(TinyNet.fixture("tiny.weights.h5"), bigger))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("holds 4 layers with weights but graph 'bigger' has 3");
    }

    @Test
    void refusesAGraphWithFewerLayersThanTheFile() {
        assertThatThrownBy(() -> KerasH5Reader.read(TinyNet.fixture("tiny_keras1.h5"), graph("one", 1)))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("holds 4 layers with weights but graph 'one' has 1");
    }

    @Test
    void refusesAnEmptyFile() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.h5"));

        assertThatThrownBy(() -> KerasH5Reader.read(empty, TinyNet.graph()))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("the file is empty (0 bytes)");
    }

    @ParameterizedTest(name = "cut at {0} of the bytes")
    @ValueSource(doubles = {0.002, 0.05, 0.25, 0.5, 0.75, 0.999})
    void refusesATruncatedFile(double fraction) throws IOException {
        for (String fixture : List.of("tiny_root.h5", "tiny_wrong_shape.h5")) {
            byte[] bytes = Files.readAllBytes(TinyNet.fixture(fixture));
            Path cut = dir.resolve("cut_" + fixture);
            Files.write(cut, Arrays.copyOf(bytes, Math.max(1, (int) (bytes.length * fraction))));

            assertThatThrownBy(() -> KerasH5Reader.read(cut, TinyNet.graph()))
                    .isInstanceOf(WeightsException.class)
                    .hasMessageContaining(cut.toString())
                    .hasMessageMatching("(?s).*(is truncated|no HDF5 signature).*");
        }
    }

    @Test
    void truncationMessageGivesBothSizes() throws IOException {
        byte[] bytes = Files.readAllBytes(TinyNet.fixture("tiny_root.h5"));
        Path cut = dir.resolve("cut.h5");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 100));

        assertThatThrownBy(() -> KerasH5Reader.read(cut, TinyNet.graph()))
                .hasMessageContaining("the file is truncated: it has " + (bytes.length - 100)
                        + " bytes but its HDF5 superblock declares " + bytes.length);
    }

    @Test
    void refusesFilesThatAreNotHdf5() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.h5"), "these are not weights\n");
        Path html = Files.writeString(dir.resolve("page.h5"), "\n<!DOCTYPE html><html><body>403</body></html>");
        Path missing = dir.resolve("missing.h5");

        assertThatThrownBy(() -> KerasH5Reader.read(text, TinyNet.graph()))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining(text + ": not an HDF5 file (no HDF5 signature)");
        assertThatThrownBy(() -> KerasH5Reader.read(html, TinyNet.graph()))
                .hasMessageContaining("looks like an HTML or XML page");
        assertThatThrownBy(() -> KerasH5Reader.read(missing, TinyNet.graph()))
                .hasMessageContaining(missing + ": no such file");
    }

    @Test
    void refusesAnHdf5FileThatIsNotAKerasFile() {
        Path file = dir.resolve("plain.h5");
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putDataset("data", new float[] {1f, 2f});
        }

        assertThatThrownBy(() -> KerasH5Reader.read(file, TinyNet.graph()))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("not a Keras weight file")
                .hasMessageContaining("root holds: data");
    }

    @Test
    void refusesLayerNamesWithoutTheirGroup() {
        Path file = dir.resolve("nogroup.h5");
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("layer_names", new String[] {"conv1", "ghost"});
            h5.putGroup("conv1");
        }

        assertThatThrownBy(() -> KerasH5Reader.read(file, graph("g", 1)))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("layer_names lists 'ghost'");
    }

    @Test
    void refusesWeightNamesWithoutTheirDataset() {
        Path file = dir.resolve("nodata.h5");
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("layer_names", new String[] {"c0"});
            WritableGroup g = h5.putGroup("c0");
            g.putAttribute("weight_names", new String[] {"c0/kernel:0", "c0/bias:0"});
            g.putGroup("c0").putDataset("kernel:0", new float[1][1][3][4]);
        }

        assertThatThrownBy(() -> KerasH5Reader.read(file, graph("g", 1)))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("layer 'c0' lists weight 'c0/bias:0'");
    }

    @Test
    void readsFloat64ArraysAndLayerGroupsWithoutWeightNames() {
        Path file = dir.resolve("f64.h5");
        double[][][][] kernel = new double[1][1][3][4];
        kernel[0][0][2][3] = 0.5;
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("layer_names", new String[] {"input", "c0"});
            h5.putGroup("input");
            WritableGroup g = h5.putGroup("c0");
            g.putAttribute("weight_names", new String[] {"c0/kernel:0", "c0/bias:0"});
            WritableGroup inner = g.putGroup("c0");
            inner.putDataset("kernel:0", kernel);
            inner.putDataset("bias:0", new double[] {1, 2, 3, 4});
        }

        Weights w = KerasH5Reader.read(file, graph("g", 1));

        assertThat(w.get("c0/kernel").data()[11]).isEqualTo(0.5f);
        assertThat(w.get("c0/bias").data()).containsExactly(1f, 2f, 3f, 4f);
    }

    @Test
    void countMismatchOfArraysInALayerIsNamed() {
        Path file = dir.resolve("nobias.h5");
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("layer_names", new String[] {"c0"});
            WritableGroup g = h5.putGroup("c0");
            g.putAttribute("weight_names", new String[] {"c0_W_1:0"});
            g.putDataset("c0_W_1:0", new float[1][1][3][4]);
        }

        assertThatThrownBy(() -> KerasH5Reader.read(file, graph("g", 1)))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("layer 'c0' (Conv2D; in the file: 'c0', weighted layer 1 of 1) has 2 weights "
                        + "in tl4j (kernel 1×1×3×4, bias 4) but 1 in the file (c0_W_1:0 1×1×3×4)");
    }

    /** A chain of {@code n} 1×1 convolutions with bias, named c0, c1, …, on a 2×2×3 input. */
    static Graph graph(String name, int n) {
        GraphBuilder b = Graph.builder(name);
        String last = b.add(new Input("in", Shape.hwc(2, 2, 3)));
        for (int i = 0; i < n; i++) {
            last = b.add(Conv2D.of("c" + i, last, 4, 1, 1, Padding.VALID, true, ActivationFn.LINEAR));
        }
        Graph g = b.build();
        assertThat(g.weightSlots(g.node("c0"))).extracting(WeightSlot::name).containsExactly("kernel", "bias");
        return g;
    }
}
