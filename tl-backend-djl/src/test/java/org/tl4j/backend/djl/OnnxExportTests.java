package org.tl4j.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Dropout;
import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.backend.djl.engine.DjlEngine;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.ExportFormat;
import org.tl4j.spi.OptimizerSpec;
import org.tl4j.spi.Preprocessing;

/** The single-file ONNX export, reloaded by plain ONNX Runtime (in this JVM and in a fresh one). */
class OnnxExportTests {
    private static final List<String> LABELS = List.of("cat", "dog \"quoted\"", "éclair");
    private static DjlEngine engine;

    @BeforeAll
    static void open() {
        engine = TestEngines.cpu();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** Pixels in [0, 255]. */
    private static Tensor pixels(long seed, int n, int h, int w) {
        Tensor t = TestEngines.uniform(seed, n, h, w, 3);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.round((d[i] + 1) * 127.5f);
        }
        return t;
    }

    private static Tensor preprocessed(Tensor pixels, Preprocessing p) {
        Tensor t = pixels.copy();
        p.apply(t.data());
        return t;
    }

    private static Graph head(Graph base) {
        GraphBuilder h = Graph.builder("head");
        String x = h.add(new Input("features", base.outputShape()));
        x = h.add(new GlobalAveragePool("avg_pool", x));
        x = h.add(new Dropout("dropout", x, 0.2));
        h.add(new Dense("predictions", x, LABELS.size(), true, ActivationFn.SOFTMAX));
        return h.build();
    }

    /** Trains the head of {@code base} a few steps, exports, and returns what tl4j itself predicts. */
    private static Tensor trainAndExport(Graph base, Weights baseWeights, Preprocessing p, Tensor images, Path file) {
        Graph head = head(base);
        Graph full = base.then(head);
        Weights w = baseWeights.with(Initializers.keras(head, 3));
        try (CompiledModel m = engine.compile(full, w, Set.of("avg_pool", "dropout", "predictions"),
                OptimizerSpec.adam(0.01))) {
            Tensor x = preprocessed(images, p);
            for (int i = 0; i < 5; i++) {
                m.trainStep(x, new int[] {0, 1, 2, 1}, null);
            }
            m.export(file, ExportFormat.ONNX, p, LABELS);
            return m.predict(x);
        }
    }

    private static void assertSameProbabilities(float[][] exported, Tensor expected) {
        Tensor actual = Tensor.of(flatten(exported), exported.length, exported[0].length);
        assertThat(actual.maxAbsDiff(expected)).isLessThan(1e-5f);
    }

    private static float[] flatten(float[][] rows) {
        float[] f = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, f, i * rows[0].length, rows[0].length);
        }
        return f;
    }

    @ParameterizedTest
    @EnumSource(Preprocessing.class)
    void exportedModelGivesTl4jsProbabilitiesForEachPreprocessing(Preprocessing p, @TempDir Path dir)
            throws Exception {
        Graph base = DjlBackendTests.baseAndHead().upTo("conv");
        Tensor images = pixels(1, 4, 8, 8);
        Path file = dir.resolve("model.onnx");
        Tensor expected = trainAndExport(base, Initializers.parity(base, 2), p, images, file);
        assertSameProbabilities(ExportedModelRunner.run(file, images.data(), 4, 8, 8), expected);
        assertThat(ExportedModelRunner.labels(file)).isEqualTo("[\"cat\",\"dog \\\"quoted\\\"\",\"éclair\"]");
    }

    @Test
    void anOnnxBackboneIsMergedIntoTheFileAndItRunsInAFreshJvm(@TempDir Path dir) throws Exception {
        Graph base = new OnnxBackbone().graph(OnnxBackboneTests.spec(Fixtures.mobilenet(), 64, Map.of()));
        Tensor images = pixels(2, 4, 64, 64);
        Path file = dir.resolve("mobilenet.onnx");
        Tensor expected = trainAndExport(base, Weights.empty(), Preprocessing.TORCH, images, file);

        Path raw = dir.resolve("images.f32");
        ByteBuffer b = ByteBuffer.allocate(images.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(images.data());
        Files.write(raw, b.array());
        List<String> lines = runInFreshJvm(dir, file, raw, 4, 64, 64);
        assertThat(lines.get(0)).startsWith("[\"cat\"");
        float[][] rows = new float[4][];
        for (int i = 0; i < 4; i++) {
            String[] cols = lines.get(i + 1).trim().split(" ");
            rows[i] = new float[cols.length];
            for (int j = 0; j < cols.length; j++) {
                rows[i][j] = Float.parseFloat(cols[j]);
            }
        }
        assertSameProbabilities(rows, expected);
    }

    /** Runs {@link ExportedModelRunner}. */
    private static List<String> runInFreshJvm(Path tmp, Path model, Path images, int n, int h, int w)
            throws IOException, InterruptedException {
        return runInFreshJvm(tmp, ExportedModelRunner.class, model.toString(), images.toString(), Integer.toString(n),
                Integer.toString(h), Integer.toString(w));
    }

    /**
     * Runs a main class of the test class path in a fresh JVM and returns its standard output lines; ONNX Runtime's
     * native-library folder goes to {@code tmp}, not /tmp.
     */
    static List<String> runInFreshJvm(Path tmp, Class<?> main, String... args)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(proc.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
