package org.tl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.core.weights.Safetensors;

/**
 * A {@code tl train} process killed with SIGKILL in the middle of training, then continued with {@code --resume},
 * ends with exactly the weights of an uninterrupted run (TensorFlow backend, head with dropout: its masks are drawn
 * from the seed and the optimizer step, which the checkpoint restores).
 */
class ResumeAfterKillTests {
    @TempDir
    Path dir;

    @Test
    void killedRunResumesToTheSameWeights() throws Exception {
        Path data = dir.resolve("data");
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 5; i++) {
                BufferedImage img = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
                Random r = new Random(c * 10L + i);
                for (int p = 0; p < 400; p++) {
                    img.setRGB(p % 20, p / 20, r.nextInt(0xffffff) | (c == 0 ? 0xff0000 : 0));
                }
                Files.createDirectories(data.resolve("c" + c));
                ImageIO.write(img, "png", data.resolve("c" + c).resolve(i + ".png").toFile());
            }
        }
        Path conf = dir.resolve("run.conf");
        Files.writeString(conf, "tl4j {\n backbone { id = mobilenet_v2, alpha = 0.35, input-size = [32, 32],"
                + " weights = none }\n backend { id = tensorflow, device = cpu, threads = 1 }\n head.dropout = 0.2\n"
                + " data { train = \"" + data + "\", batch-size = 4, validation-split = 0.2 }\n"
                + " trainer { epochs = 150, optimizer.learning-rate = 0.01 }\n}\n");

        Path killed = dir.resolve("killed");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--quiet", "train", conf.toString(),
                "--set", "tl4j.output.dir=" + killed).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile()).start();
        Path runDir = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) {
            runDir = onlyChild(killed);
            if (runDir != null && Files.isDirectory(runDir.resolve("checkpoints/epoch-0002"))) {
                break;
            }
            Thread.sleep(5);
        }
        assertThat(p.isAlive()).as("still training when killed; log: %s", read(dir.resolve("killed.log"))).isTrue();
        p.destroyForcibly();
        p.waitFor();
        assertThat(runDir.resolve("model")).doesNotExist();

        CliRun resumed = CliRun.of("--quiet", "train", "--resume", runDir.toString());
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        CliRun full = CliRun.of("--quiet", "train", conf.toString(), "--set", "tl4j.output.dir=" + dir.resolve("full"));
        assertThat(full.exit()).as(full.err()).isZero();
        Path fullRun = onlyChild(dir.resolve("full"));
        assertThat(Safetensors.read(runDir.resolve("model/model.safetensors")).asMap())
                .isEqualTo(Safetensors.read(fullRun.resolve("model/model.safetensors")).asMap());
        List<String> a = Files.readAllLines(runDir.resolve("metrics.csv"));
        List<String> b = Files.readAllLines(fullRun.resolve("metrics.csv"));
        assertThat(a).hasSize(151).hasSameSizeAs(b);
        assertThat(withoutTime(a.get(150))).isEqualTo(withoutTime(b.get(150)));
    }

    private static String withoutTime(String csvRow) {
        return csvRow.substring(0, csvRow.lastIndexOf(','));
    }

    private static Path onlyChild(Path parent) throws Exception {
        if (!Files.isDirectory(parent)) {
            return null;
        }
        try (Stream<Path> s = Files.list(parent)) {
            return s.findFirst().orElse(null);
        }
    }

    private static String read(Path f) throws Exception {
        return f.toFile().exists() ? Files.readString(f) : "";
    }

}
