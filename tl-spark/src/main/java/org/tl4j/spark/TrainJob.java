package org.tl4j.spark;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.tl4j.api.TlException;
import org.tl4j.api.config.RunConfig;
import org.tl4j.core.run.RunSummary;
import org.tl4j.core.train.TrainingListener;

/**
 * {@code spark-submit --class org.tl4j.spark.TrainJob tl-spark.jar CONF FEATURES}: trains the run file's head on the
 * driver from the Parquet features {@link ExtractJob} wrote (see {@link SparkHeadTraining}), and writes the usual run
 * folder with its model bundle.
 */
public final class TrainJob {
    private TrainJob() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: TrainJob CONF FEATURES (a tl4j run file, the Parquet folder ExtractJob wrote)");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("tl4j train " + args[0]).getOrCreate();
        int exit = 0;
        try {
            RunSummary run = SparkHeadTraining.train(RunConfig.load(Path.of(args[0]), List.of()),
                    spark.read().parquet(args[1]), TrainingListener.NONE);
            System.out.println(run.evaluation() == null ? "no validation images"
                    : String.format(java.util.Locale.ROOT, "validation: accuracy %.4f on %d images",
                            run.evaluation().accuracy(), run.result().validation().entries().size()));
            System.out.println("model: " + run.runDirectory().model());
        } catch (TlException e) {
            System.err.println("error: " + e.getMessage());
            exit = e instanceof org.tl4j.api.TlConfigException ? 2 : 1;
        } finally {
            spark.stop();
        }
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
