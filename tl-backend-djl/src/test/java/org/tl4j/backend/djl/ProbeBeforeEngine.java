package org.tl4j.backend.djl;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.tl4j.api.weights.Weights;
import org.tl4j.backend.djl.engine.DjlEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.Device;

/**
 * Builds the {@code onnx} backbone's graph (which probes the file with ONNX Runtime) and only then opens the djl
 * engine, as a run does, in a fresh JVM; prints the output shape. Argument: the ONNX file.
 */
public final class ProbeBeforeEngine {
    private ProbeBeforeEngine() {
    }

    public static void main(String[] args) {
        var graph = new OnnxBackbone().graph(OnnxBackboneTests.spec(Path.of(args[0]), 64, Map.of()));
        try (DjlEngine engine = DjlEngine.open(new BackendOptions(Device.CPU, 1, 0, ConfigFactory.empty()));
                CompiledModel m = engine.compile(graph, Weights.empty(), Set.of(), null)) {
            System.out.println(java.util.Arrays.toString(m.predict(TestEngines.uniform(1, 1, 64, 64, 3)).shape()));
        }
    }
}
