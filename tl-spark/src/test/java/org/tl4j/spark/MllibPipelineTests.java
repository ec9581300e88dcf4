package org.tl4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.split;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MLlib route of docs/SPARK.md, for more features than a driver holds: a Pipeline with a LogisticRegression. */
class MllibPipelineTests {
    @TempDir
    Path tmp;

    private static Dataset<Row> labelled(String folder) {
        return SparkTestSupport.spark().read().format("binaryFile").option("recursiveFileLookup", "true")
                .load(SparkTestSupport.QUICKSTART.resolve(folder).toString())
                .withColumn("class", element_at(split(col("path"), "/"), -2));
    }

    @Test
    void aLogisticRegressionPipelineOnTlFeatures() {
        TlFeatureExtractor features = new TlFeatureExtractor()
                .setConfig(SparkTestSupport.quickstart("tensorflow", 32, tmp));
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            features,
            new StringIndexer().setInputCol("class").setOutputCol("label"),
            new LogisticRegression().setMaxIter(15).setRegParam(0.01)});
        PipelineModel model = pipeline.fit(labelled("train"));
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(model.transform(labelled("validation")));

        // the linear head tl train fits on the same features reaches 0.82 (README); a base that had never seen the
        // classes would give 0.5
        assertThat(accuracy).isGreaterThan(0.75);
    }
}
