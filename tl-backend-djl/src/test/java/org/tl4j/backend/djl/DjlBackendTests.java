package org.tl4j.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.BackendException;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Conv2D;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.External;
import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.weights.Initializers;
import org.tl4j.backend.djl.engine.DjlEngine;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.Capability;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.Device;
import org.tl4j.spi.ExportFormat;
import org.tl4j.spi.OptimizerSpec;
import org.tl4j.spi.Preprocessing;

/** The provider, its capabilities, and every documented error of the engine. */
class DjlBackendTests {
    private static DjlEngine engine;

    @BeforeAll
    static void open() {
        engine = TestEngines.cpu();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** conv → GAP → Dense(3, softmax). */
    static Graph baseAndHead() {
        GraphBuilder b = Graph.builder("small");
        String x = b.add(new Input("in", Shape.hwc(8, 8, 3)));
        x = b.add(Conv2D.of("conv", x, 4, 3, 2, Padding.SAME, true, ActivationFn.RELU));
        x = b.add(new GlobalAveragePool("gap", x));
        b.add(new Dense("predictions", x, 3, true, ActivationFn.SOFTMAX));
        return b.build();
    }

    @Test
    void declaresItsCapabilitiesAndWhatItCannotDo() {
        DjlBackend backend = new DjlBackend();
        assertThat(backend.id()).isEqualTo("djl");
        assertThat(backend.capabilities()).containsExactlyInAnyOrder(Capability.INFERENCE, Capability.TRAIN_HEAD,
                Capability.GPU, Capability.EXTERNAL_ONNX, Capability.EXPORT_ONNX);
        assertThat(backend.description()).contains("cannot fine-tune the backbone").contains("tensorflow");
        assertThat(backend.engineVersion()).isEqualTo("ONNX Runtime 1.21.1 via DJL 0.36.0");
    }

    @Test
    void providersAreFoundByTheServiceLoader() {
        assertThat(ServiceLoader.load(Backend.class).stream().map(p -> p.type().getName()))
                .contains(DjlBackend.class.getName());
        assertThat(ServiceLoader.load(Backbone.class).stream().map(p -> p.type().getName()))
                .contains(OnnxBackbone.class.getName());
    }

    /** tl-api, Typesafe Config and this module's classes, without DJL, ONNX Runtime or protobuf. */
    private static ClassLoader withoutDjl() throws Exception {
        URL[] urls = {location(DjlBackend.class), location(Backend.class), location(Config.class)};
        return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    private static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void theProvidersNeedNoDjlClassUntilOpened() throws Exception {
        ClassLoader isolated = withoutDjl();
        assertThatThrownBy(() -> isolated.loadClass("ai.djl.engine.Engine")).isInstanceOf(ClassNotFoundException.class);
        for (Class<?> c : List.of(DjlBackend.class, OnnxBackbone.class)) {
            Object provider = isolated.loadClass(c.getName()).getConstructor().newInstance();
            for (String method : List.of("id", "description")) {
                assertThat(provider.getClass().getMethod(method).invoke(provider)).isNotNull();
            }
        }
        Object backend = isolated.loadClass(DjlBackend.class.getName()).getConstructor().newInstance();
        assertThat(backend.getClass().getMethod("capabilities").invoke(backend).toString()).contains("INFERENCE");
        assertThat(backend.getClass().getMethod("engineVersion").invoke(backend)).asString().contains("1.21.1");
    }

    @Test
    void trainingABaseLayerFailsNamingTheMissingCapabilityAndTheBackendThatHasIt() {
        Graph g = baseAndHead();
        assertThatThrownBy(() -> engine.compile(g, Initializers.parity(g, 1), Set.of("conv", "predictions"),
                OptimizerSpec.adam(1e-3)))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("TRAIN_BACKBONE")
                .hasMessageContaining("conv")
                .hasMessageContaining("backend.id = tensorflow");
    }

    @Test
    void trainingTheHeadOfABaseAndHeadGraphWorks() {
        Graph g = baseAndHead();
        Set<String> head = Set.of("gap", "predictions");
        try (CompiledModel m = engine.compile(g, Initializers.parity(g, 1), head, OptimizerSpec.adam(0.05))) {
            var batch = TestEngines.uniform(3, 6, 8, 8, 3);
            int[] labels = {0, 1, 2, 0, 1, 2};
            float first = m.trainStep(batch, labels, null);
            for (int i = 0; i < 40; i++) {
                m.trainStep(batch, labels, null);
            }
            assertThat(m.loss(batch, labels)).isLessThan(first * 0.8f);
            assertThat(m.weights().get("conv/kernel")).isEqualTo(Initializers.parity(g, 1).get("conv/kernel"));
        }
    }

    @Test
    void unknownTrainableLayersAndOptimizersWithoutWeightsAreRefused() {
        Graph g = baseAndHead();
        assertThatThrownBy(() -> engine.compile(g, Initializers.parity(g, 1), Set.of("nope"), null))
                .isInstanceOf(BackendException.class).hasMessageContaining("[nope]");
        assertThatThrownBy(() -> engine.compile(g, Initializers.parity(g, 1), Set.of("gap"), OptimizerSpec.adam(1)))
                .isInstanceOf(BackendException.class).hasMessageContaining("has weights");
    }

    @Test
    void trainingWithoutOptimizerOrSoftmaxIsRefused() {
        Graph g = baseAndHead();
        try (CompiledModel m = engine.compile(g, Initializers.parity(g, 1), Set.of(), null)) {
            assertThatThrownBy(() -> m.trainStep(TestEngines.uniform(1, 2, 8, 8, 3), new int[] {0, 1}, null))
                    .isInstanceOf(BackendException.class).hasMessageContaining("without an optimizer");
        }
        Graph base = g.upTo("conv");
        try (CompiledModel m = engine.compile(base, Initializers.parity(base, 1), Set.of(), null)) {
            assertThatThrownBy(() -> m.loss(TestEngines.uniform(1, 2, 8, 8, 3), new int[] {0, 1}))
                    .isInstanceOf(BackendException.class).hasMessageContaining("does not end in a dense head");
        }
    }

    @Test
    void batchesOfTheWrongShapeAreDataErrors() {
        Graph g = baseAndHead();
        try (CompiledModel m = engine.compile(g, Initializers.parity(g, 1), Set.of(), null)) {
            assertThatThrownBy(() -> m.predict(TestEngines.uniform(1, 2, 8, 7, 3)))
                    .isInstanceOf(org.tl4j.api.DataException.class).hasMessageContaining("8×8×3");
        }
    }

    @Test
    void exportsOnnxOnly(@TempDir Path dir) {
        Graph g = baseAndHead();
        try (CompiledModel m = engine.compile(g, Initializers.parity(g, 1), Set.of(), null)) {
            assertThatThrownBy(() -> m.export(dir.resolve("m"), ExportFormat.SAVEDMODEL, Preprocessing.TF,
                    List.of("a", "b", "c")))
                    .isInstanceOf(BackendException.class).hasMessageContaining("backend.id = tensorflow");
            assertThatThrownBy(() -> m.export(dir.resolve("m.onnx"), ExportFormat.ONNX, Preprocessing.TF,
                    List.of("a", "b")))
                    .isInstanceOf(BackendException.class).hasMessageContaining("3 classes but 2 labels");
        }
    }

    @Test
    void externalNetworksOfOtherFormatsAreRefused() {
        Input in = new Input("in", Shape.hwc(8, 8, 3));
        Graph g = Graph.of("saved", List.of(in, new External("ext", "in", "savedmodel", "/nowhere", Map.of(),
                Shape.of(4))));
        assertThatThrownBy(() -> engine.compile(g, org.tl4j.api.weights.Weights.empty(), Set.of(), null))
                .isInstanceOf(BackendException.class).hasMessageContaining("format 'onnx' only");
    }

    @Test
    void unknownOptionsAreConfigErrors() {
        Config c = ConfigFactory.parseString("options { batch-size = 8, intra-threads = 2 }");
        assertThatThrownBy(() -> DjlEngine.open(new BackendOptions(Device.CPU, 1, 0, c)))
                .isInstanceOf(TlConfigException.class)
                .hasMessageContaining("tl4j.backend.options.intra-threads")
                .hasMessageContaining("[batch-size, optimization]");
        Config bad = ConfigFactory.parseString("options { optimization = fastest }");
        assertThatThrownBy(() -> DjlEngine.open(new BackendOptions(Device.CPU, 1, 0, bad)))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("[all, extended, basic, none]");
    }

    @Test
    void optionsAreRead() {
        Config c = ConfigFactory.parseString("id = djl, options { batch-size = 8, optimization = basic }");
        try (DjlEngine e = DjlEngine.open(new BackendOptions(Device.AUTO, 3, 5, c))) {
            assertThat(e.settings().batchSize()).isEqualTo(8);
            assertThat(e.settings().optimization()).isEqualTo("basic");
            assertThat(e.settings().effectiveThreads()).isEqualTo(3);
            assertThat(e.devices()).startsWith("cpu:0");
        }
    }

    @Test
    void automaticBatchingKeepsTheLargestActivationOfACallSmall() {
        Input in = new Input("in", Shape.hwc(512, 512, 32));
        Graph big = Graph.of("big", List.of(in, Conv2D.of("conv", "in", 8, 1, 1, Padding.SAME, true,
                ActivationFn.LINEAR)));
        assertThat(engine.settings().batchSize()).isZero();
        assertThat(engine.settings().chunkFor(big)).isEqualTo(4);
        assertThat(engine.settings().chunkFor(baseAndHead())).isEqualTo(64);
        Graph dynamic = Graph.of("dynamic", List.of(new Input("in", Shape.hwc(Shape.UNKNOWN, Shape.UNKNOWN, 3))));
        assertThat(engine.settings().chunkFor(dynamic)).isEqualTo(64);
        Config auto = ConfigFactory.parseString("options.batch-size = auto");
        try (DjlEngine e = DjlEngine.open(new BackendOptions(Device.CPU, 1, 0, auto))) {
            assertThat(e.settings().chunkFor(big)).isEqualTo(4);
        }
        Config zero = ConfigFactory.parseString("options.batch-size = 0");
        assertThatThrownBy(() -> DjlEngine.open(new BackendOptions(Device.CPU, 1, 0, zero)))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("must be auto or at least 1");
    }

    @Test
    void askingForAGpuWithoutCudaFailsClearly() {
        assumeThat(OrtEnvironment.getAvailableProviders()).doesNotContain(OrtProvider.CUDA);
        assertThatThrownBy(() -> DjlEngine.open(new BackendOptions(Device.GPU, 1, 0, ConfigFactory.empty())))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("backend.device = gpu")
                .hasMessageContaining("-Pgpu");
        try (DjlEngine e = DjlEngine.open(new BackendOptions(Device.AUTO, 1, 0, ConfigFactory.empty()))) {
            assertThat(e.device()).isEqualTo("cpu");
        }
    }
}
