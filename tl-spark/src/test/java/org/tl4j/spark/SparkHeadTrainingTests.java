package org.tl4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.config.RunConfig;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.run.Predictor;
import org.tl4j.core.run.RunSummary;
import org.tl4j.core.run.TransferLearning;
import org.tl4j.core.train.Predictions;
import org.tl4j.core.train.TrainingListener;
import org.tl4j.spi.Device;

class SparkHeadTrainingTests {
    @TempDir
    Path tmp;

    @Test
    void aHeadTrainedOnSparkFeaturesMatchesTlTrain() throws Exception {
        RunConfig config = SparkTestSupport.quickstart("tensorflow", 32, tmp.resolve("runs"), "trainer.epochs=5");
        RunSummary local = TransferLearning.builder().setConfig(config).build().train();   // what `tl train` runs

        Dataset<Row> images = SparkTestSupport.spark().read().format("binaryFile")
                .option("recursiveFileLookup", "true").load(SparkTestSupport.QUICKSTART.toString())
                .where("path like '%.png'");
        Dataset<Row> features = new TlFeatureExtractor().setConfig(config).transform(images.repartition(3)).cache();
        RunSummary spark = SparkHeadTraining.train(config, features, TrainingListener.NONE);

        assertThat(spark.result().cacheStats().misses()).as("the driver ran no image through the base").isZero();
        assertThat(spark.result().cacheStats().hits()).isEqualTo(500);
        assertThat(spark.evaluation().accuracy()).isEqualTo(local.evaluation().accuracy()).isGreaterThan(0.75);
        assertThat(spark.evaluation().loss()).isEqualTo(local.evaluation().loss());
        assertThat(spark.evaluation().confusion()).isEqualTo(local.evaluation().confusion());
        assertThat(spark.result().history()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("seconds")
                .isEqualTo(local.result().history());
        assertThat(Files.readString(spark.runDirectory().evaluation()))
                .isEqualTo(Files.readString(local.runDirectory().evaluation()));

        // the bundle is a normal one: what `tl predict` opens gives the same probabilities as tl train's bundle
        List<Path> some = List.of(SparkTestSupport.QUICKSTART.resolve("validation/shirt").toFile().listFiles()[0]
                .toPath(), SparkTestSupport.QUICKSTART.resolve("validation/t-shirt").toFile().listFiles()[0].toPath());
        assertThat(predict(spark, some).probabilities()).isEqualTo(predict(local, some).probabilities());
    }

    private static Predictions predict(RunSummary run, List<Path> files) {
        try (Predictor p = Predictor.open(run.runDirectory().model(), Registry.discover(), "tensorflow", Device.CPU,
                1)) {
            return p.predict(files, TrainingListener.NONE);
        }
    }
}
