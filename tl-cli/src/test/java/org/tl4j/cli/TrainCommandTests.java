package org.tl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.core.run.JsonText;
import org.tl4j.core.weights.Safetensors;

/**
 * {@code tl train}, {@code predict}, {@code evaluate} and {@code extract} end to end on the TensorFlow backend, with a
 * tiny random-init MobileNetV2 (α 0.35, 32×32) and 12 generated images.
 */
class TrainCommandTests {
    @TempDir
    Path dir;

    private Path images() throws IOException {
        Path data = dir.resolve("data set");
        String[] classes = {"chats é", "dogs"};
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 6; i++) {
                BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
                Random r = new Random(c * 100L + i);
                for (int y = 0; y < 30; y++) {
                    for (int x = 0; x < 40; x++) {
                        int v = r.nextInt(100) + (c == 0 ? 150 : 0);
                        img.setRGB(x, y, (v << 16) | (r.nextInt(255) << 8) | (255 - v));
                    }
                }
                Files.createDirectories(data.resolve(classes[c]));
                ImageIO.write(img, c == 0 ? "png" : "jpg", data.resolve(classes[c]).resolve("img " + i
                        + (c == 0 ? ".png" : ".jpg")).toFile());
            }
        }
        Files.writeString(data.resolve("dogs/notes.jpg"), "not an image");
        return data;
    }

    private Path conf(Path data) throws IOException {
        Path conf = dir.resolve("run.conf");
        Files.writeString(conf, "tl4j {\n  backbone { id = mobilenet_v2, alpha = 0.35, input-size = [32, 32],"
                + " weights = none }\n  backend { id = tensorflow, device = cpu, threads = 2 }\n"
                + "  data { train = \"" + data + "\", batch-size = 4, validation-split = 0.34,"
                + " cache { mode = disk, dir = \"" + dir.resolve("cache") + "\" } }\n"
                + "  trainer { epochs = 2 }\n  output.dir = \"" + dir.resolve("runs") + "\"\n}\n");
        return conf;
    }

    private static Path runFolder(CliRun r) {
        return Path.of(r.out().lines().filter(l -> l.startsWith("run folder: ")).findFirst().orElseThrow()
                .substring("run folder: ".length()));
    }

    @Test
    void trainPredictEvaluateAndExtract() throws Exception {
        Path data = images();
        Path conf = conf(data);
        CliRun train = CliRun.of("train", conf.toString());
        assertThat(train.exit()).as(train.err()).isZero();
        assertThat(train.err()).contains("features (train + validation)").contains("images/s").contains("epoch 2");
        assertThat(train.out()).contains("1 bad image(s) skipped");
        Path run = runFolder(train);
        assertThat(run.resolve("model/manifest.json")).exists();
        assertThat(Files.readString(run.resolve("report.html"))).contains("notes.jpg").contains("chats é");

        CliRun again = CliRun.of("--quiet", "train", conf.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).as("the bad image is tried again").contains("12 hits, 1 misses");
        assertThat(again.err()).doesNotContain("images/s");

        Config eval = JsonText.read(run.resolve("evaluation.json"));
        List<? extends Config> predictions = eval.getConfigList("predictions");
        List<String> args = new ArrayList<>(List.of("predict", run.toString(), "--json", "--top-k", "2"));
        predictions.forEach(p -> args.add(p.getString("path")));
        CliRun predict = CliRun.of(args.toArray(String[]::new));
        assertThat(predict.exit()).as(predict.err()).isZero();
        List<String> lines = predict.out().lines().toList();
        assertThat(lines).hasSize(predictions.size());
        for (int i = 0; i < lines.size(); i++) {
            Config row = com.typesafe.config.ConfigFactory.parseString(lines.get(i));
            Config top = row.getConfigList("top").get(0);
            int label = eval.getStringList("labels").indexOf(top.getString("label"));
            assertThat(top.getDouble("probability")).isCloseTo(
                    predictions.get(i).getDoubleList("probabilities").get(label),
                    org.assertj.core.data.Offset.offset(1e-5));
        }

        CliRun evaluate = CliRun.of("evaluate", run.resolve("model").toString(), data.toString());
        assertThat(evaluate.exit()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("12 images: accuracy").contains("chats é");

        Path npy = dir.resolve("features.npy");
        CliRun extract = CliRun.of("extract", conf.toString(), "--images", data.toString(), "--out", npy.toString());
        assertThat(extract.exit()).as(extract.err()).isZero();
        List<String> paths = Files.readAllLines(dir.resolve("features.txt"));
        assertThat(paths).hasSize(12).first().isEqualTo("chats é/img 0.png");
        byte[] bytes = Files.readAllBytes(npy);
        String header = new String(bytes, 10, 118, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f4'").contains("'shape': (12, 1280)");
        assertThat(bytes.length).isEqualTo(128 + 12 * 1280 * 4);
        float first = ByteBuffer.wrap(bytes, 128, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertThat(Float.isFinite(first)).isTrue();

        // the trained model's base as a weight file of its own: the same features when a run names it
        Path base = dir.resolve("base.safetensors");
        CliRun export = CliRun.of("weights", "export-base", run.toString(), base.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("260 arrays").contains("mobilenet_v2 32x32 alpha=0.35");
        assertThat(Safetensors.readMetadata(base)).containsEntry("backbone", "mobilenet_v2")
                .containsEntry("input-size", "32x32");
        Path npy2 = dir.resolve("features2.npy");
        CliRun again2 = CliRun.of("extract", conf.toString(), "--images", data.toString(), "--out", npy2.toString(),
                "--set", "backbone.weights=\"" + base + "\"");
        assertThat(again2.exit()).as(again2.err()).isZero();
        assertThat(Files.readAllBytes(npy2)).isEqualTo(bytes);
        CliRun wrongName = CliRun.of("weights", "export-base", run.toString(), dir.resolve("base.bin").toString());
        assertThat(wrongName.exit()).isEqualTo(2);
        assertThat(wrongName.err()).contains("must end in .safetensors");
        // nothing a user had is overwritten: not the bundle's own weights, not an existing file without --force
        Path own = run.resolve("model/model.safetensors");
        byte[] ownBefore = Files.readAllBytes(own);
        CliRun ontoItself = CliRun.of("weights", "export-base", run.resolve("model").toString(), own.toString());
        assertThat(ontoItself.exit()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(ontoItself.err()).contains("which this command reads").doesNotContain("\tat ");
        assertThat(Files.readAllBytes(own)).isEqualTo(ownBefore);
        CliRun existing = CliRun.of("weights", "export-base", run.toString(), base.toString());
        assertThat(existing.exit()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(existing.err()).contains(base + " exists; add --force to replace it");
        assertThat(CliRun.of("weights", "export-base", run.toString(), base.toString(), "--force").exit()).isZero();
        CliRun evalIntoData = CliRun.of("evaluate", run.resolve("model").toString(), data.toString(), "--out",
                data.resolve("dogs/eval.json").toString());
        assertThat(evalIntoData.exit()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(evalIntoData.err()).contains("a file in " + data);
        assertThat(data.resolve("dogs/eval.json")).doesNotExist();

        // a manifest cannot point outside its bundle, even with a matching hash
        Path copy = dir.resolve("copy/model");
        Files.createDirectories(copy);
        Files.copy(own, dir.resolve("copy/outside.safetensors"));
        Files.writeString(copy.resolve("manifest.json"), Files.readString(run.resolve("model/manifest.json"))
                .replaceFirst("\"weightsFile\"\\s*:\\s*\"[^\"]*\"", "\"weightsFile\": \"../outside.safetensors\""));
        CliRun outside = CliRun.of("predict", copy.toString(), predictions.get(0).getString("path"));
        assertThat(outside.exit()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(outside.err()).contains("points outside the bundle");

        // deployable exports of the bundle: a SavedModel (tensorflow) and one ONNX file (djl)
        CliRun saved = CliRun.of("export", run.toString(), "--format", "savedmodel", "--out",
                dir.resolve("sm").toString());
        assertThat(saved.exit()).as(saved.err()).isZero();
        assertThat(dir.resolve("sm/saved_model.pb")).exists();
        assertThat(Files.readAllLines(dir.resolve("sm/assets/labels.txt"))).contains("chats é");
        CliRun onnx = CliRun.of("export", run.toString(), "--format", "onnx", "--out", dir.resolve("m.onnx").toString());
        assertThat(onnx.exit()).as(onnx.err()).isZero();
        assertThat(Files.size(dir.resolve("m.onnx"))).isGreaterThan(100_000L);
        CliRun wrongBackend = CliRun.of("export", run.toString(), "--format", "onnx", "--backend", "tensorflow",
                "--out", dir.resolve("x.onnx").toString());
        assertThat(wrongBackend.exit()).isEqualTo(2);
        assertThat(wrongBackend.err()).contains("cannot export ONNX (capability EXPORT_ONNX); use --backend djl");
        CliRun badFormat = CliRun.of("export", run.toString(), "--format", "pt", "--out", "x");
        assertThat(badFormat.exit()).isEqualTo(2);
        assertThat(badFormat.err()).contains("use savedmodel or onnx");
    }

    @Test
    void trainWithoutDataIsAUsageError() throws IOException {
        Path conf = dir.resolve("empty.conf");
        Files.writeString(conf, "tl4j.backend.id = tensorflow\n");
        CliRun r = CliRun.of("train", conf.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("tl4j.data.train is required");
    }
}
