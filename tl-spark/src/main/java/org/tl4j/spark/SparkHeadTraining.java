package org.tl4j.spark;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.tl4j.api.DataException;
import org.tl4j.api.config.RunConfig;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.core.data.FeatureCache;
import org.tl4j.core.data.FeatureSpace;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.run.FeatureExport;
import org.tl4j.core.run.FeaturePass;
import org.tl4j.core.run.RunSummary;
import org.tl4j.core.run.TransferLearning;
import org.tl4j.core.train.TrainingListener;

/**
 * Trains a tl4j head on the driver from features a cluster computed: what {@code tl train} does — the same split,
 * seed, head, optimiser, run folder and model bundle ({@code tl predict} and {@code Classifier} load it) — with the
 * base's forward pass taken from {@link TlFeatureExtractor}'s output instead of run again. The features (small: a
 * few hundred to a few thousand floats per image) are collected into the run's feature cache, keyed by each file's
 * content hash; the driver still lists the config's {@code data.train} and {@code data.validation} folders and
 * hashes their files (it reads each once, but decodes none), and computes itself only what the features lack: images
 * Spark did not see, augmented views ({@code data.augmentation}), or a head that needs whole feature maps.
 *
 * <p>For more data than a driver holds, train an MLlib model on the features instead (docs/SPARK.md shows a
 * {@code LogisticRegression} pipeline); its result is an MLlib model, not a tl4j bundle.
 */
public final class SparkHeadTraining {
    private SparkHeadTraining() {
    }

    /**
     * Trains the config's head on {@code features} ({@link TlFeatureExtractor}'s default columns) and writes the run
     * folder; rows without features (bad images) are skipped.
     */
    public static RunSummary train(RunConfig config, Dataset<Row> features, TrainingListener listener) {
        FeatureSpace space = FeaturePass.of(config, Registry.discover(), FeatureExport.Pooling.POOL).space();
        FeatureCache cache = FeatureCache.inMemory();
        List<Row> rows = features.where(features.col("features").isNotNull())
                .select("content_hash", "features").collectAsList();
        for (Row r : rows) {
            double[] v = ((Vector) r.get(1)).toArray();
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            cache.put(space.key(r.getString(0), "v0"), Tensor.of(f, f.length));
        }
        if (rows.isEmpty()) {
            throw new DataException("no features to train on: every row of the DataFrame has a null features column"
                    + " (see its error column)");
        }
        listener.info("features from Spark: " + rows.size() + " images");
        return TransferLearning.builder().setConfig(config).optListener(listener).optFeatureCache(cache).build()
                .train();
    }
}
