package org.tl4j.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.backend.djl.engine.DjlEngine;
import org.tl4j.backend.djl.onnx.OnnxModels;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.OptimizerSpec;
import org.tl4j.spi.Preprocessing;

/** The {@code onnx} backbone on a torchvision network exported by PyTorch (make_onnx_fixture.py). */
class OnnxBackboneTests {
    private static DjlEngine engine;
    private final OnnxBackbone backbone = new OnnxBackbone();

    @BeforeAll
    static void open() {
        engine = TestEngines.cpu();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static BackboneSpec spec(Path model, int size, Map<String, String> options) {
        var c = ConfigFactory.empty().withValue("path", ConfigValueFactory.fromAnyRef(model.toString()));
        for (var e : options.entrySet()) {
            c = c.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
        }
        return new BackboneSpec(size, size, 1.0, c);
    }

    @Test
    void theGraphIsAnInputAndOneExternalLayerWithTheProbedOutputShape() {
        Graph g = backbone.graph(spec(Fixtures.mobilenet(), 64, Map.of()));
        assertThat(g.nodes()).hasSize(2);
        assertThat(g.nodes().get(1)).isInstanceOf(External.class);
        assertThat(g.outputShape()).isEqualTo(Shape.hwc(2, 2, 1280));
        assertThat(g.paramCount()).isZero();
        assertThat(backbone.graph(spec(Fixtures.mobilenet(), 96, Map.of())).outputShape())
                .isEqualTo(Shape.hwc(3, 3, 1280));
        assertThat(backbone.weightCatalogue(spec(Fixtures.mobilenet(), 64, Map.of()))).isEmpty();
    }

    @Test
    void matchesPyTorchsOwnOutput() {
        Graph g = backbone.graph(spec(Fixtures.mobilenet(), 64, Map.of("input-name", "input",
                "output-name", "features", "layout", "nchw")));
        Tensor input = Fixtures.floats("input_nhwc.bin", 2, 64, 64, 3);
        Tensor expected = Fixtures.floats("expected_nhwc.bin", 2, 2, 2, 1280);
        try (CompiledModel m = engine.compile(g, Weights.empty(), Set.of(), null)) {
            Tensor actual = m.predict(input);
            assertThat(actual.shape()).containsExactly(2, 2, 2, 1280);
            assertThat(TestEngines.relativeError(actual, expected)).isLessThan(1e-4);
        }
    }

    @Test
    void aHeadTrainsOnIt() {
        Graph base = backbone.graph(spec(Fixtures.mobilenet(), 64, Map.of()));
        GraphBuilder h = Graph.builder("head");
        String x = h.add(new Input("features", base.outputShape()));
        x = h.add(new GlobalAveragePool("avg_pool", x));
        h.add(new Dense("predictions", x, 2, true, ActivationFn.SOFTMAX));
        Graph head = h.build();
        Graph full = base.then(head);
        Tensor images = Fixtures.floats("input_nhwc.bin", 2, 64, 64, 3);
        int[] labels = {0, 1};
        try (CompiledModel m = engine.compile(full, Initializers.keras(head, 1), Set.of("avg_pool", "predictions"),
                OptimizerSpec.adam(0.01))) {
            float first = m.trainStep(images, labels, null);
            for (int i = 0; i < 30; i++) {
                m.trainStep(images, labels, null);
            }
            assertThat(m.loss(images, labels)).isLessThan(first / 2);
        }
    }

    @Test
    void nhwcNetworksAreFedAndReadInTheirLayout(@TempDir Path dir) throws Exception {
        GraphBuilder b = Graph.builder("nhwc");
        String x = b.add(new Input("in", Shape.hwc(10, 10, 3)));
        b.add(Conv2D.of("conv", x, 4, 3, 2, Padding.SAME, true, ActivationFn.RELU));
        Graph inner = b.build();
        Weights w = Initializers.parity(inner, 2);
        Path file = dir.resolve("nhwc.onnx");
        Files.write(file, OnnxModels.inference(inner, w).toByteArray());
        Graph g = backbone.graph(spec(file, 10, Map.of("layout", "nhwc")));
        assertThat(g.outputShape()).isEqualTo(Shape.hwc(5, 5, 4));
        assertThatThrownBy(() -> backbone.graph(spec(file, 12, Map.of("layout", "nhwc"))))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("takes 10×10 images")
                .hasMessageContaining("tl4j.backbone.input-size");
        Tensor batch = TestEngines.uniform(4, 3, 10, 10, 3);
        try (CompiledModel m = engine.compile(g, Weights.empty(), Set.of(), null)) {
            assertThat(TestEngines.relativeError(m.predict(batch), ReferenceNetwork.run(inner, w, batch)))
                    .isLessThan(1e-5);
        }
    }

    @Test
    void theFileCanBeProbedBeforeTheEngineOpens(@TempDir Path dir) throws Exception {
        assertThat(OnnxExportTests.runInFreshJvm(dir, ProbeBeforeEngine.class, Fixtures.mobilenet().toString()))
                .containsExactly("[1, 2, 2, 1280]");
    }

    @Test
    void preprocessingIsAnOptionTorchByDefault() {
        assertThat(backbone.preprocessing(spec(Fixtures.mobilenet(), 64, Map.of()))).isEqualTo(Preprocessing.TORCH);
        assertThat(backbone.preprocessing(spec(Fixtures.mobilenet(), 64, Map.of("preprocessing", "caffe"))))
                .isEqualTo(Preprocessing.CAFFE);
        assertThatThrownBy(() -> backbone.preprocessing(spec(Fixtures.mobilenet(), 64,
                Map.of("preprocessing", "imagenet"))))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("[tf, caffe, torch, none]");
    }

    @Test
    void badOptionsAreConfigErrors() {
        assertThatThrownBy(() -> backbone.graph(BackboneSpec.of(64, 64, 1.0)))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("tl4j.backbone.options.path");
        assertThatThrownBy(() -> backbone.graph(spec(Path.of("/no/such/model.onnx"), 64, Map.of())))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("no such file");
        assertThatThrownBy(() -> backbone.graph(spec(Fixtures.mobilenet(), 64, Map.of("layout", "chw"))))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("[nchw, nhwc]");
        assertThatThrownBy(() -> backbone.graph(spec(Fixtures.mobilenet(), 64, Map.of("input", "x"))))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("input-name");
    }

    @Test
    void wrongNamesAndOldOpsetsAreExplained(@TempDir Path dir) throws Exception {
        Graph g = backbone.graph(spec(Fixtures.mobilenet(), 64, Map.of()));
        External ext = (External) g.nodes().get(1);
        Graph wrongOutput = Graph.of("wrong", List.of(g.input(), new External(ext.name(), ext.input(),
                ext.format(), ext.location(), Map.of("output-name", "logits"), ext.output())));
        assertThatThrownBy(() -> engine.compile(wrongOutput, Weights.empty(), Set.of(), null))
                .isInstanceOf(BackendException.class).hasMessageContaining("no output named 'logits'")
                .hasMessageContaining("[features]");

        ModelProto old = ModelProto.parseFrom(Files.readAllBytes(Fixtures.mobilenet())).toBuilder()
                .clearOpsetImport().addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(11))
                .build();
        Path file = dir.resolve("old.onnx");
        Files.write(file, old.toByteArray());
        Graph oldGraph = Graph.of("old", List.of(g.input(), new External(ext.name(), ext.input(), ext.format(),
                file.toString(), Map.of(), ext.output())));
        assertThatThrownBy(() -> engine.compile(oldGraph, Weights.empty(), Set.of(), null))
                .isInstanceOf(BackendException.class).hasMessageContaining("opset 11")
                .hasMessageContaining("opset_version=13");
    }
}
