package org.tl4j.spark;

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
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.tl4j.api.config.RunConfig;

/** What tl-spark's tests share: one local[2] Spark session for the whole module, the quickstart config, images. */
final class SparkTestSupport {
    /** The repository's data/fashion2 (t-shirt and shirt, 28x28 PNGs). */
    static final Path QUICKSTART = Path.of("..", "data", "fashion2").toAbsolutePath().normalize();

    private SparkTestSupport() {
    }

    /** The module's Spark session: local[2], no UI, loopback only. */
    static synchronized SparkSession spark() {
        return SparkSession.builder().master("local[2]").appName("tl-spark tests")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    /** The quickstart config on {@code backend}, batches of {@code batchSize}, runs written under {@code runs}. */
    static RunConfig quickstart(String backend, int batchSize, Path runs, String... more) {
        List<String> sets = new ArrayList<>(List.of(
                "backbone.weights=" + QUICKSTART.resolve("mobilenet_v2_0.35_32_fashion8.safetensors"),
                "data.train=" + QUICKSTART.resolve("train"), "data.validation=" + QUICKSTART.resolve("validation"),
                "backend.id=" + backend, "data.batch-size=" + batchSize, "output.dir=" + runs));
        sets.addAll(List.of(more));
        return RunConfig.load(Path.of("..", "config", "fashion2.conf"), sets, new java.util.Properties(),
                SparkTestSupport.class.getClassLoader());
    }

    /**
     * A small image tree under {@code root}: {@code perClass} quickstart PNGs of each class, an RGB JPEG and a
     * larger RGB PNG (resized on the way), all good.
     */
    static Path images(Path root, int perClass) throws IOException {
        for (String label : List.of("shirt", "t-shirt")) {
            Path dir = Files.createDirectories(root.resolve(label));
            try (Stream<Path> files = Files.list(QUICKSTART.resolve("train").resolve(label))) {
                for (Path f : files.sorted().limit(perClass).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        ImageIO.write(noise(40, 30, 1), "jpg", root.resolve("shirt").resolve("colour.jpg").toFile());
        ImageIO.write(noise(90, 70, 2), "png", root.resolve("t-shirt").resolve("large.png").toFile());
        return root;
    }

    /** Adds two bad images to a tree: text named .png, and an empty .jpg. */
    static void addBadImages(Path root) throws IOException {
        Files.writeString(root.resolve("t-shirt").resolve("broken.png"), "not an image", StandardCharsets.UTF_8);
        Files.write(root.resolve("shirt").resolve("empty.jpg"), new byte[0]);
    }

    private static BufferedImage noise(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 255 / w) << 16) | ((y * 255 / h) << 8) | r.nextInt(256));
            }
        }
        return img;
    }

    /** A float32 .npy file's data (the header's shape is checked by the caller through the row count). */
    static float[] readNpy(Path npy) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(npy)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = b.getShort(8) & 0xffff;
        b.position(10 + headerLength);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
