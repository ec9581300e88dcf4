package org.tl4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.config.RunConfig;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.run.FeatureExport;
import org.tl4j.core.train.TrainingListener;

class TlFeatureExtractorTests {
    @TempDir
    Path tmp;

    private Dataset<Row> binaryFiles(Path dir) {
        return SparkTestSupport.spark().read().format("binaryFile").option("recursiveFileLookup", "true")
                .load(dir.toString());
    }

    /** Features by path relative to {@code root}; null for rows without features. */
    private static Map<String, float[]> byName(List<Row> rows, Path root) {
        Map<String, float[]> out = new TreeMap<>();
        for (Row r : rows) {
            String path = r.getAs("path");
            String name = path.substring(path.indexOf(root.toString()) + root.toString().length() + 1);
            Vector v = r.getAs("features");
            float[] f = null;
            if (v != null) {
                double[] d = v.toArray();
                f = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (float) d[i];
                    assertThat((double) f[i]).isEqualTo(d[i]);   // float32 values carried exactly
                }
            }
            out.put(name, f);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tensorflow", "djl"})
    void featuresEqualTlExtractBitForBit(String backend) throws Exception {
        Path images = SparkTestSupport.images(tmp.resolve("images"), 10);
        RunConfig config = SparkTestSupport.quickstart(backend, 8, tmp.resolve("runs"));
        Path npy = tmp.resolve("features.npy");
        FeatureExport.Result reference = FeatureExport.extract(config, Registry.discover(), images, npy,
                FeatureExport.Pooling.POOL, TrainingListener.NONE);
        float[] expected = SparkTestSupport.readNpy(npy);
        List<String> names = Files.readAllLines(reference.paths());
        int dim = reference.shape()[1];

        Dataset<Row> out = new TlFeatureExtractor().setConfig(config).transform(binaryFiles(images).repartition(3));
        Map<String, float[]> spark = byName(out.select("path", "features").collectAsList(), images);

        assertThat(spark.keySet()).containsExactlyInAnyOrderElementsOf(names).hasSize(22);
        for (int i = 0; i < names.size(); i++) {
            float[] want = Arrays.copyOfRange(expected, i * dim, (i + 1) * dim);
            assertThat(spark.get(names.get(i))).as(names.get(i)).containsExactly(want);
        }
    }

    @Test
    void oneOrFourPartitionsGiveTheSameRowsAndOneEngine() throws Exception {
        Path images = SparkTestSupport.images(tmp.resolve("images"), 12);
        SparkTestSupport.addBadImages(images);
        TlFeatureExtractor extractor = new TlFeatureExtractor()
                .setConfig(SparkTestSupport.quickstart("tensorflow", 5, tmp.resolve("runs")));
        List<Row> one = extractor.transform(binaryFiles(images).coalesce(1)).drop("content", "modificationTime")
                .orderBy("path").collectAsList();
        int engines = ExecutorEngines.engines();
        List<Row> four = extractor.transform(binaryFiles(images).repartition(4)).drop("content", "modificationTime")
                .orderBy("path").collectAsList();

        // 12 + 12 quickstart images, colour.jpg, large.png, broken.png (binaryFile lists no empty files)
        assertThat(one).hasSize(27).isEqualTo(four);
        assertThat(ExecutorEngines.engines()).as("the second job reuses the engine").isEqualTo(engines);
    }

    @Test
    void badImagesGetNullFeaturesAndAnErrorWithoutFailingTheJob() throws Exception {
        Path images = SparkTestSupport.images(tmp.resolve("images"), 2);
        SparkTestSupport.addBadImages(images);
        List<Row> rows = new TlFeatureExtractor().setConfig(SparkTestSupport.quickstart("tensorflow", 4,
                tmp.resolve("runs"))).transform(binaryFiles(images)).orderBy("path").collectAsList();

        Map<String, Row> byFile = new HashMap<>();
        rows.forEach(r -> byFile.put(Path.of(r.<String>getAs("path")).getFileName().toString(), r));
        assertThat(byFile).hasSize(7);   // binaryFile lists no empty files: empty.jpg is not there
        assertThat(byFile.get("broken.png").<Object>getAs("features")).isNull();
        assertThat(byFile.get("broken.png").<String>getAs("error")).startsWith("not a JPEG, PNG, BMP or GIF image");
        assertThat(byFile.get("colour.jpg").<String>getAs("error")).isNull();
        assertThat(rows.stream().filter(r -> r.getAs("features") != null)).hasSize(6);
    }

    @Test
    void aColumnOfPathsIsReadOnTheExecutors() throws Exception {
        Path images = SparkTestSupport.images(tmp.resolve("images"), 3);
        Files.write(tmp.resolve("empty.png"), new byte[0]);
        SparkSession spark = SparkTestSupport.spark();
        TlFeatureExtractor extractor = new TlFeatureExtractor()
                .setConfig(SparkTestSupport.quickstart("tensorflow", 4, tmp.resolve("runs")));
        Dataset<Row> files = binaryFiles(images);
        List<Row> fromBytes = extractor.transform(files).select("path", "features").orderBy("path").collectAsList();
        List<Row> fromPaths = extractor.setInputCol("path").setPathCol("path")
                .transform(files.select("path").union(spark.createDataset(List.of(images.resolve("missing.png")
                        .toString(), tmp.resolve("empty.png").toString()), org.apache.spark.sql.Encoders.STRING())
                        .toDF("path")))
                .orderBy("path").collectAsList();

        assertThat(fromPaths).hasSize(fromBytes.size() + 2);
        assertThat(fromPaths.stream().filter(r -> r.getAs("features") != null).map(r -> r.getAs("features")))
                .containsExactlyElementsOf(fromBytes.stream().map(r -> r.getAs("features")).toList());
        assertThat(fromPaths.stream().filter(r -> r.getAs("features") == null).map(r -> r.<String>getAs("error")))
                .hasSize(2).anySatisfy(e -> assertThat(e).startsWith("cannot read: java.io.FileNotFoundException"))
                .contains("empty file (0 bytes)");
    }

    @Test
    void aMissingConfigOrImageColumnIsAClearError() throws Exception {
        Dataset<Row> files = binaryFiles(SparkTestSupport.images(tmp.resolve("images"), 1));
        assertThatThrownBy(() -> new TlFeatureExtractor().transform(files)).isInstanceOf(TlConfigException.class)
                .hasMessageContaining("setConfig");
        assertThatThrownBy(() -> new TlFeatureExtractor().setInputCol("image").transformSchema(files.schema()))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("no column image among [path,");
        assertThat(files.where(col("length").gt(0)).count()).isEqualTo(4);
    }
}
