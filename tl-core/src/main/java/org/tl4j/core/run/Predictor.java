package org.tl4j.core.run;

import java.nio.file.Path;
import java.util.List;
import org.tl4j.api.config.OnBadImage;
import org.tl4j.core.data.BadImage;
import org.tl4j.core.data.BadImageLog;
import org.tl4j.core.data.Dataset;
import org.tl4j.core.data.ImagePipeline;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.train.Predictions;
import org.tl4j.core.train.TrainingListener;
import org.tl4j.spi.Device;

/**
 * Class probabilities from a {@link ModelBundle} for image files, decoded on a pool of threads while the backend works
 * on the previous batch (what {@code tl predict} runs); for single images from a service, see {@code Classifier}.
 */
public final class Predictor implements AutoCloseable {
    private final OpenBundle model;
    private final ImagePipeline pipeline;
    private final BadImageLog badImages;
    private final int batchSize;

    private Predictor(OpenBundle model, ImagePipeline pipeline, BadImageLog badImages, int batchSize) {
        this.model = model;
        this.pipeline = pipeline;
        this.badImages = badImages;
        this.batchSize = batchSize;
    }

    /**
     * Opens a bundle on a backend.
     *
     * @param backendId the backend, or null for the one that trained the model
     * @param threads   CPU threads for the backend and decoding; 0 = all cores
     */
    public static Predictor open(Path bundleDir, Registry registry, String backendId, Device device, int threads) {
        OpenBundle model = OpenBundle.open(bundleDir, registry, backendId, device, threads);
        BadImageLog log = new BadImageLog(OnBadImage.SKIP);
        return new Predictor(model, new ImagePipeline(model.loader(), threads, log), log, 32);
    }

    public ModelBundle bundle() {
        return model.bundle();
    }

    public List<String> labels() {
        return model.labels();
    }

    /** Probabilities for files, in the given order, without the bad ones (see {@link #badImages()}). */
    public Predictions predict(List<Path> files, TrainingListener listener) {
        return predict(Dataset.ofFiles(files), listener);
    }

    /** Probabilities for a dataset's images, in its order, without the bad ones. */
    public Predictions predict(Dataset data, TrainingListener listener) {
        return model.model().predict(pipeline, data.entries(), batchSize, listener);
    }

    /** The images that could not be used so far. */
    public List<BadImage> badImages() {
        return badImages.list();
    }

    @Override
    public void close() {
        try {
            pipeline.close();
        } finally {
            model.close();
        }
    }
}
