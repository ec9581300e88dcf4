package org.tl4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.split;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.tl4j.api.TlException;
import org.tl4j.api.config.RunConfig;

/**
 * {@code spark-submit --class org.tl4j.spark.ExtractJob tl-spark.jar CONF INPUT OUTPUT [KEY=VALUE…]}: the features of every image
 * under INPUT (any Hadoop file system: a local folder, {@code hdfs://}, {@code s3a://}; searched recursively for
 * .jpg, .jpeg, .png, .bmp and .gif files) as Parquet at OUTPUT, one row per image: {@code path}, {@code label} (the
 * name of the image's folder), {@code features} (null for a bad image), {@code error} (why it is bad) and
 * {@code content_hash}. CONF is a tl4j run file, read on the driver; its backbone, weights, input size, backend and
 * batch size are used, with {@code KEY=VALUE} overrides as {@code tl}'s {@code --set}. OUTPUT must not exist.
 */
public final class ExtractJob {
    /** The file names the job reads, as {@code tl extract} and the trainers do (case-insensitive). */
    static final String IMAGE_FILES = ".*\\.(jpg|jpeg|png|bmp|gif)$";

    private ExtractJob() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: ExtractJob CONF INPUT OUTPUT [KEY=VALUE...] (a tl4j run file, a folder of"
                    + " images, the Parquet folder to write, overrides as tl's --set)");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("tl4j extract " + args[1]).getOrCreate();
        int exit = 0;
        try {
            List<String> sets = List.of(args).subList(3, args.length);
            run(spark, RunConfig.load(Path.of(args[0]), sets), args[1], args[2], System.out);
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

    /** Extracts and writes; prints one line on {@code out}. */
    public static void run(SparkSession spark, RunConfig config, String input, String output, PrintStream out) {
        Dataset<Row> images = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(input)
                .where(lower(col("path")).rlike(IMAGE_FILES));
        new TlFeatureExtractor().setConfig(config).transform(images)
                .select(col("path"), element_at(split(col("path"), "/"), -2).as("label"), col("features"),
                        col("error"), col("content_hash"))
                .write().parquet(output);
        Dataset<Row> written = spark.read().parquet(output);
        long bad = written.where(col("features").isNull()).count();
        out.println("wrote " + output + ": " + written.count() + " images, " + bad + " bad"
                + (bad > 0 ? " (their error column says why)" : ""));
    }
}
