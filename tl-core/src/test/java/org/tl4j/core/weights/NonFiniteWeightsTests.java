package org.tl4j.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.WeightsException;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;

/** Weights with NaN or infinity are refused when read, naming the file and the tensor (G7 item 1). */
class NonFiniteWeightsTests {
    @TempDir
    Path dir;

    private static Graph dense() {
        GraphBuilder b = Graph.builder("tiny");
        String x = b.add(new Input("input_layer", Shape.of(3)));
        b.add(new Dense("dense", x, 2, true, ActivationFn.SOFTMAX));
        return b.build();
    }

    private Path file(float bad) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("dense/kernel", Tensor.of(new float[] {1, 2, 3, bad, 5, bad}, 3, 2));
        m.put("dense/bias", Tensor.of(new float[] {0, 0}, 2));
        Path f = dir.resolve("w" + Float.floatToIntBits(bad) + ".safetensors");
        Safetensors.write(f, Weights.of(m));
        return f;
    }

    @Test
    void aFileWithNaNIsRefusedNamingTheFileAndTensor() {
        Path f = file(Float.NaN);
        assertThatThrownBy(() -> WeightFormat.SAFETENSORS.read(f, dense())).isInstanceOf(WeightsException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("'dense/kernel'")
                .hasMessageContaining("2 non-finite values");
    }

    @Test
    void infinityIsRefusedToo() {
        Path f = file(Float.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> WeightFormat.SAFETENSORS.read(f, dense())).isInstanceOf(WeightsException.class)
                .hasMessageContaining("NaN or infinity");
    }

    @Test
    void finiteWeightsPass() {
        Path f = file(4f);
        assertThat(WeightFormat.SAFETENSORS.read(f, dense()).get("dense/kernel").data()[3]).isEqualTo(4f);
    }
}
