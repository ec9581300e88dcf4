package org.tl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.config.CropMode;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Initializers;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.ImageDecoder;
import org.tl4j.core.data.Resize;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.run.NpyWriter;
import org.tl4j.core.train.ModelParts;
import org.tl4j.core.weights.Safetensors;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.Device;
import org.tl4j.spi.Preprocessing;

/**
 * {@code tl extract} rows equal the backend's features for the same images (issue F5, acceptance 4): the command runs
 * on a folder of JPEGs and PNGs of several sizes (nested, one bad file), and each row is compared with features
 * computed here by decoding, resizing and preprocessing each image with the public data API and running the base
 * graph compiled directly on the TensorFlow backend — in one batch, where extract batched by 3. The weights are
 * tl4j's parity weights (activations of order 1), given to extract as a safetensors file.
 */
class ExtractCommandTests {
    private static final BackboneSpec SPEC = BackboneSpec.of(32, 32, 0.35);
    private static final double TOLERANCE = 1e-5;

    @TempDir
    static Path dir;

    private static Path images;
    private static Path conf;
    private static Backbone backbone;
    private static Graph base;
    private static Weights weights;

    @BeforeAll
    static void setUp() throws IOException {
        images = writeImages(dir.resolve("images"));
        Registry registry = Registry.discover();
        backbone = registry.get(Backbone.class, "mobilenet_v2");
        base = backbone.graph(SPEC);
        weights = Initializers.parity(base, 11);
        Path file = dir.resolve("base.safetensors");
        Safetensors.write(file, weights);
        conf = dir.resolve("extract.conf");
        Files.writeString(conf, "tl4j {\n  backbone { id = mobilenet_v2, alpha = 0.35, input-size = [32, 32],"
                + " weights = \"" + file + "\" }\n  backend { id = tensorflow, device = cpu, threads = 2 }\n"
                + "  data { batch-size = 3, cache.mode = none }\n}\n");
    }

    @Test
    void pooledRowsEqualTheBaseFeaturesOfTheSameImages() throws IOException {
        Path npy = dir.resolve("out/pooled.npy");
        List<String> names = extract(npy);
        assertThat(names).containsExactly("a/big.jpg", "a/gray.png", "a/input-size.png", "b/c/tall.jpg",
                "b/wide.png");
        assertRowsEqual(npy, names, ModelParts.pooled(base, "global_average_pooling2d"));
    }

    @Test
    void noPoolRowsAreTheWholeFeatureMaps() throws IOException {
        Path npy = dir.resolve("out/maps.npy");
        List<String> names = extract(npy, "--no-pool");
        assertRowsEqual(npy, names, base);
    }

    /** Runs {@code tl extract} and returns the sidecar's row names. */
    private static List<String> extract(Path npy, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--quiet", "extract", conf.toString(), "--images",
                images.toString(), "--out", npy.toString()));
        args.addAll(List.of(more));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("notes.jpg");
        return Files.readAllLines(npy.resolveSibling(npy.getFileName().toString().replace(".npy", ".txt")));
    }

    private static void assertRowsEqual(Path npy, List<String> names, Graph graph) throws IOException {
        Tensor expected;
        Backend tensorflow = Registry.discover().get(Backend.class, "tensorflow");
        try (BackendEngine engine = tensorflow.open(new BackendOptions(Device.CPU, 2, 7, ConfigFactory.empty()));
                CompiledModel model = engine.compile(graph, weights, Set.of(), null)) {
            expected = model.predict(inputs(names));
        }
        byte[] bytes = Files.readAllBytes(npy);
        int[] shape = expected.shape();
        byte[] header = NpyWriter.header(shape);
        assertThat(new String(bytes, 0, header.length, StandardCharsets.ISO_8859_1))
                .isEqualTo(new String(header, StandardCharsets.ISO_8859_1));
        float[] actual = new float[expected.size()];
        ByteBuffer.wrap(bytes, header.length, bytes.length - header.length).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().get(actual);
        assertThat(expected.maxAbs()).as("parity weights keep activations of order 1").isGreaterThan(0.1f);
        int rowSize = expected.size() / names.size();
        for (int i = 0; i < names.size(); i++) {
            double max = 0;
            for (int j = i * rowSize; j < (i + 1) * rowSize; j++) {
                max = Math.max(max, Math.abs(actual[j] - expected.data()[j]));
            }
            assertThat(max).as("row %d (%s): max |extract - backend|", i, names.get(i))
                    .isLessThanOrEqualTo(TOLERANCE * expected.maxAbs());
        }
    }

    /** Each named image decoded, resized and preprocessed as the backbone wants it, stacked in one batch. */
    private static Tensor inputs(List<String> names) {
        ImageDecoder decoder = new ImageDecoder();
        Preprocessing preprocessing = backbone.preprocessing(SPEC);
        int size = SPEC.height() * SPEC.width() * 3;
        float[] batch = new float[names.size() * size];
        for (int i = 0; i < names.size(); i++) {
            float[] pixels = Resize.fit(decoder.decode(images.resolve(names.get(i))), SPEC.height(), SPEC.width(),
                    CropMode.NONE).pixels().clone();
            preprocessing.apply(pixels);
            System.arraycopy(pixels, 0, batch, i * size, size);
        }
        return Tensor.of(batch, names.size(), SPEC.height(), SPEC.width(), 3);
    }

    private static Path writeImages(Path root) throws IOException {
        write(root.resolve("b/wide.png"), rgb(57, 23, 1), "png");
        write(root.resolve("a/big.jpg"), rgb(75, 50, 2), "jpg");
        write(root.resolve("b/c/tall.jpg"), rgb(19, 41, 3), "jpg");
        write(root.resolve("a/input-size.png"), rgb(32, 32, 4), "png");
        BufferedImage gray = new BufferedImage(45, 30, BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(rgb(45, 30, 5), 0, 0, null);
        write(root.resolve("a/gray.png"), gray, "png");
        Files.writeString(root.resolve("a/notes.jpg"), "not an image");
        return root;
    }

    private static BufferedImage rgb(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 255 / w) << 16) | ((y * 255 / h) << 8) | r.nextInt(256));
            }
        }
        return img;
    }

    private static void write(Path file, BufferedImage img, String format) throws IOException {
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(img, format, file.toFile())).isTrue();
    }
}
