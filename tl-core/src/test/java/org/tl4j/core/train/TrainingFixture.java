package org.tl4j.core.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.tl4j.api.config.RunConfig;
import org.tl4j.core.freezers.AllFreezer;
import org.tl4j.core.freezers.FromLayerFreezer;
import org.tl4j.core.freezers.NoneFreezer;
import org.tl4j.core.heads.LinearHead;
import org.tl4j.core.registry.Registry;

/** A tiny learnable image folder, a registry with the fake providers, and run configs for them. */
final class TrainingFixture {
    final Path root;
    final FakeBackend backend = new FakeBackend();
    final Registry registry;

    TrainingFixture(Path root) {
        this.root = root;
        this.registry = Registry.of(List.of(new FakeBackbone(), backend, new LinearHead(), new AllFreezer(),
                new NoneFreezer(), new FromLayerFreezer(), new FeatureExtractionTrainer(), new FineTuneTrainer(),
                new TwoPhaseTrainer()));
    }

    /** Three classes of 8 noisy 10×12 images each, told apart by their dominant colour. */
    Path images(String... classes) {
        Path data = root.resolve("data");
        for (int c = 0; c < classes.length; c++) {
            for (int i = 0; i < 8; i++) {
                write(data.resolve(classes[c]).resolve("img" + i + ".png"), c, i);
            }
        }
        return data;
    }

    static void write(Path file, int cls, int seed) {
        BufferedImage img = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(cls * 1000L + seed);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 12; x++) {
                int[] rgb = {r.nextInt(90), r.nextInt(90), r.nextInt(90)};
                rgb[cls % 3] += 150;
                img.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
            }
        }
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run config for the fake providers with extra HOCON lines (inside {@code tl4j { }}). */
    RunConfig config(Path data, String... lines) {
        List<String> all = new ArrayList<>(List.of("backbone { id = tiny, input-size = [32, 32], weights = none }",
                "backend { id = fake, threads = 2 }", "data { train = \"" + data + "\", batch-size = 4,"
                        + " validation-split = 0.25 }", "output.dir = \"" + root.resolve("runs") + "\"",
                "trainer { epochs = 4, optimizer { learning-rate = 0.05 } }", "head.dropout = 0.3"));
        all.addAll(List.of(lines));
        try {
            Path conf = Files.createTempFile(root, "run", ".conf");
            Files.writeString(conf, "tl4j {\n" + String.join("\n", all) + "\n}\n");
            return RunConfig.load(conf, List.of(), new Properties(), getClass().getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
