package org.tl4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractJobTests {
    @TempDir
    Path tmp;

    @Test
    void writesParquetWithPathLabelFeaturesAndErrors() throws Exception {
        Path images = SparkTestSupport.images(tmp.resolve("images"), 3);
        SparkTestSupport.addBadImages(images);
        java.nio.file.Files.writeString(images.resolve("shirt").resolve("notes.txt"), "not an image file name");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Path out = tmp.resolve("features.parquet");

        ExtractJob.run(SparkTestSupport.spark(), SparkTestSupport.quickstart("tensorflow", 4, tmp), images.toString(),
                out.toString(), new PrintStream(text, true, StandardCharsets.UTF_8));

        List<Row> rows = SparkTestSupport.spark().read().parquet(out.toString()).orderBy("path").collectAsList();
        assertThat(rows.get(0).schema().fieldNames())
                .containsExactly("path", "label", "features", "error", "content_hash");
        assertThat(rows).hasSize(9);   // 3 + 3 + colour.jpg + large.png + broken.png; not notes.txt nor empty.jpg
        assertThat(rows).extracting(r -> r.<String>getAs("label")).containsOnly("shirt", "t-shirt");
        assertThat(rows).filteredOn(r -> r.getAs("features") == null).singleElement()
                .satisfies(r -> assertThat(r.<String>getAs("path")).endsWith("t-shirt/broken.png"));
        assertThat(text.toString(StandardCharsets.UTF_8)).isEqualTo("wrote " + out + ": 9 images, 1 bad (their error"
                + " column says why)" + System.lineSeparator());
    }
}
