package org.tl4j.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tl4j.api.BackendException;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.backbones.MobileNetV2Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.ExportFormat;
import org.tl4j.spi.OptimizerSpec;
import org.tl4j.spi.Preprocessing;

/** SavedModel export: a trained model, reloaded by plain TensorFlow Java in a fresh JVM, gives the same probabilities. */
final class SavedModelTests {
    private static final List<String> LABELS = List.of("cat", "dog", "ünïcode bird");
    private static final int N = 3;
    private static BackendEngine engine;
    private static CompiledModel model;
    private static Tensor images;

    @BeforeAll
    static void trainAModel() {
        engine = TestEngines.cpu();
        Graph base = new MobileNetV2Backbone().graph(BackboneSpec.of(32, 32, 0.35));
        Graph g = base.then(ParityFixtures.linearHead(base.outputShape(), LABELS.size()));
        Set<String> head = Set.of("predictions");
        model = engine.compile(g, Initializers.parity(g, 4), head, OptimizerSpec.adam(0.01));
        float[] pixels = Initializers.uniform("pixels", N * 32 * 32 * 3, 4);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (pixels[i] + 1) * 127.5f;
        }
        images = Tensor.of(pixels, N, 32, 32, 3);
        Tensor x = preprocessed(images);
        for (int i = 0; i < 5; i++) {
            model.trainStep(x, new int[] {0, 1, 2}, null);
        }
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Tensor preprocessed(Tensor rgb) {
        Tensor x = rgb.copy();
        Preprocessing.TF.apply(x.data());
        return x;
    }

    @Test
    void reloadedInAFreshJvmGivesIdenticalProbabilities(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("model");
        model.export(dir, ExportFormat.SAVEDMODEL, Preprocessing.TF, LABELS);
        assertThat(dir.resolve("saved_model.pb")).isRegularFile();
        assertThat(dir.resolve("variables/variables.index")).isRegularFile();
        assertThat(Files.readAllLines(dir.resolve("assets/labels.txt"), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(LABELS);

        Path in = tmp.resolve("images.f32");
        Path out = tmp.resolve("probabilities.f32");
        SavedModelProbe.writeFloats(in, images.data());
        runChildJvm(SavedModelProbe.class.getName(), dir.toString(), in.toString(), "" + N, "32", "32",
                out.toString());
        Tensor reloaded = Tensor.of(SavedModelProbe.readFloats(out), N, LABELS.size());
        Tensor expected = model.predict(preprocessed(images));
        assertThat(reloaded.data()).containsExactly(expected.data());
    }

    @Test
    void servingSignatureTakesImagesAndReturnsProbabilities(@TempDir Path tmp) {
        Path dir = tmp.resolve("model");
        model.export(dir, ExportFormat.SAVEDMODEL, Preprocessing.TF, LABELS);
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), "serve")) {
            Signature s = b.function("serving_default").signature();
            assertThat(s.methodName()).isEqualTo("tensorflow/serving/predict");
            assertThat(s.getInputs().get("images").shape.asArray()).containsExactly(-1, 32, 32, 3);
            assertThat(s.getOutputs().get("probabilities").shape.asArray()).containsExactly(-1, 3);
        }
    }

    @Test
    void caffePreprocessingIsInTheGraph(@TempDir Path tmp) {
        Graph g = ParityFixtures.linearHead(org.tl4j.api.graph.Shape.hwc(2, 2, 3), 2);
        try (CompiledModel m = engine.compile(g, Initializers.parity(g, 1), Set.of(), null)) {
            Path dir = tmp.resolve("caffe");
            m.export(dir, ExportFormat.SAVEDMODEL, Preprocessing.CAFFE, List.of());
            Tensor rgb = Tensor.of(new float[] {0, 10, 20, 255, 128, 3, 7, 99, 200, 1, 2, 3}, 1, 2, 2, 3);
            Tensor x = rgb.copy();
            Preprocessing.CAFFE.apply(x.data());
            assertThat(SavedModelProbe.run(dir, rgb).maxAbsDiff(m.predict(x))).isLessThan(1e-6f);
        }
    }

    @Test
    void refusesANonEmptyTargetAndOnnx(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("precious.txt"), "keep me");
        assertThatThrownBy(() -> model.export(tmp, ExportFormat.SAVEDMODEL, Preprocessing.TF, LABELS))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("exists and is not an empty folder");
        assertThat(tmp.resolve("precious.txt")).hasContent("keep me");
        assertThatThrownBy(() -> model.export(tmp.resolve("m.onnx"), ExportFormat.ONNX, Preprocessing.TF, LABELS))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("use backend.id = djl for ONNX");
    }

    /** Runs a main class of the test class path in a new JVM and fails with its output when it fails. */
    static void runChildJvm(String mainClass, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
