/**
 * tl4j on Apache Spark: {@link org.tl4j.spark.TlFeatureExtractor}, a Spark ML {@code Transformer} that adds a
 * backbone's features to a DataFrame of images on the executors (the same features as {@code tl extract}, bit for
 * bit: both run {@link org.tl4j.core.run.FeaturePass}); {@link org.tl4j.spark.SparkHeadTraining}, the tl4j head
 * trainer on the driver fed with those features; and the {@code spark-submit} entry points
 * {@link org.tl4j.spark.ExtractJob} and {@link org.tl4j.spark.TrainJob}.
 *
 * <p>A class-path artifact (automatic module {@code org.tl4j.spark}): Spark runs its jobs on the class path. Spark
 * itself is {@code provided}. docs/SPARK.md says how to run it on a cluster.
 */
package org.tl4j.spark;
