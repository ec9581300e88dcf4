package org.tl4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.config.RunConfig;
import org.tl4j.api.weights.Initializers;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.run.RunSummary;
import org.tl4j.core.run.TransferLearning;
import org.tl4j.core.train.EpochMetrics;
import org.tl4j.core.weights.Safetensors;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;

/**
 * One run file on both backends, changing only its backend line: the frozen MobileNetV2 features (computed by
 * TensorFlow, or by ONNX Runtime), the head trained on them (by TensorFlow, or on the JVM) and the metrics of every
 * epoch agree. The base has weights whose activations are of order 1 ({@link Initializers#parity}; a Keras random
 * init collapses MobileNetV2's features to about 1e-8, where any two engines agree), and the head has no dropout, so
 * both runs do the same arithmetic from the same seed.
 */
class BackendSwapTests {
    private static final double RELATIVE = 1e-4;

    private static final String RUN_FILE = """
            tl4j {
              seed = 7
              backbone { id = mobilenet_v2, alpha = 0.35, input-size = [32, 32], weights = %s }
              head { id = linear, dropout = 0.0 }
              freezer { id = all }
              trainer { id = feature-extraction, epochs = 3, optimizer { id = adam, learning-rate = 0.01 } }
              backend { id = tensorflow, device = cpu, threads = 2 }
              data { train = %s, validation = %s, batch-size = 8 }
              output { dir = %s }
            }
            """;

    @TempDir
    Path work;

    @Test
    void bothBackendsTrainTheSameModel() throws IOException {
        Registry registry = Registry.discover();
        Path weights = parityWeights(registry);
        String tensorflow = RUN_FILE.formatted(Fixtures.quote(weights),
                Fixtures.quote(Fixtures.fashion2("train", 16, work)),
                Fixtures.quote(Fixtures.fashion2("validation", 16, work)), Fixtures.quote(work.resolve("runs")));
        String djl = tensorflow.replace("backend { id = tensorflow,", "backend { id = djl,");
        assertThat(changedLines(tensorflow, djl)).containsExactly("  backend { id = djl, device = cpu, threads = 2 }");

        RunSummary tf = train(registry, tensorflow, "tensorflow.conf");
        RunSummary onnx = train(registry, djl, "djl.conf");

        List<EpochMetrics> a = tf.result().history();
        List<EpochMetrics> b = onnx.result().history();
        assertThat(b).hasSameSizeAs(a).hasSize(3);
        for (int i = 0; i < a.size(); i++) {
            String epoch = "epoch " + (i + 1) + ": tensorflow " + a.get(i) + " vs djl " + b.get(i);
            assertThat(b.get(i).loss()).as(epoch).isCloseTo(a.get(i).loss(), within(RELATIVE * a.get(i).loss()));
            assertThat(b.get(i).valLoss()).as(epoch)
                    .isCloseTo(a.get(i).valLoss(), within(RELATIVE * a.get(i).valLoss()));
            assertThat(b.get(i).valAccuracy()).as(epoch).isEqualTo(a.get(i).valAccuracy());
        }
        double loss = tf.evaluation().loss();
        assertThat(onnx.evaluation().loss()).isCloseTo(loss, within(RELATIVE * loss));
        assertThat(onnx.evaluation().confusion()).isDeepEqualTo(tf.evaluation().confusion());
        assertThat(a.get(2).valLoss()).as("the head learnt something").isLessThan(a.get(0).valLoss());
    }

    private RunSummary train(Registry registry, String text, String fileName) throws IOException {
        Path file = Files.writeString(work.resolve(fileName), text);
        RunConfig config = RunConfig.load(file, List.of(), new Properties(), registry.classLoader());
        return TransferLearning.builder().setConfig(config).optRegistry(registry).build().train();
    }

    /** MobileNetV2 α 0.35 at 32×32 with weights whose activations stay of order 1, as a safetensors file. */
    private Path parityWeights(Registry registry) {
        Backbone mobilenet = registry.get(Backbone.class, "mobilenet_v2");
        Path file = work.resolve("mobilenet_v2_0.35_32_parity.safetensors");
        Safetensors.write(file, Initializers.parity(mobilenet.graph(BackboneSpec.of(32, 32, 0.35)), 11));
        return file;
    }

    private static List<String> changedLines(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        assertThat(b).hasSameSizeAs(a);
        return java.util.stream.IntStream.range(0, a.size()).filter(i -> !a.get(i).equals(b.get(i)))
                .mapToObj(b::get).toList();
    }
}
