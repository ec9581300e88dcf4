package org.tl4j.core.run;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.tl4j.api.TlException;
import org.tl4j.api.graph.Graph;
import org.tl4j.core.data.Augmentation;
import org.tl4j.core.data.BadImage;
import org.tl4j.core.data.BadImageLog;
import org.tl4j.core.data.CropMode;
import org.tl4j.core.data.Dataset;
import org.tl4j.core.data.ImageDecoder;
import org.tl4j.core.data.ImageLoader;
import org.tl4j.core.data.ImagePipeline;
import org.tl4j.core.data.OnBadImage;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.train.InferenceModel;
import org.tl4j.core.train.ModelParts;
import org.tl4j.core.train.Predictions;
import org.tl4j.core.train.TrainingListener;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.Device;
import org.tl4j.spi.Head;
import org.tl4j.spi.Preprocessing;

/**
 * Class probabilities from a {@link ModelBundle} for image files: the graphs are rebuilt from the providers named in
 * the manifest (checked against the recorded head), compiled on a backend, and fed exactly as in training.
 */
public final class Predictor implements AutoCloseable {
    private final ModelBundle bundle;
    private final BackendEngine engine;
    private final InferenceModel model;
    private final ImagePipeline pipeline;
    private final BadImageLog badImages;
    private final int batchSize;

    private Predictor(ModelBundle bundle, BackendEngine engine, InferenceModel model, ImagePipeline pipeline,
            BadImageLog badImages, int batchSize) {
        this.bundle = bundle;
        this.engine = engine;
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
        ModelBundle bundle = ModelBundle.read(bundleDir);
        Manifest m = bundle.manifest();
        Backbone backbone = registry.get(Backbone.class, m.backboneId());
        BackboneSpec spec = bundle.backboneSpec();
        Head head = registry.get(Head.class, m.headId());
        ModelParts parts = new ModelParts(backbone, spec, backbone.graph(spec), bundle.weights(), m.weightsHash(),
                m.weightsSource(), head, ConfigFactory.parseString(m.headOptions()), null, null);
        int k = m.labels().size();
        Graph featureGraph = parts.featureGraph(k);
        Graph headGraph = parts.headGraph(k);
        if (!Manifest.describe(headGraph).equals(m.headLayers())) {
            throw new TlException("head '" + m.headId() + "' now builds " + Manifest.describe(headGraph)
                    + ", but the bundle " + bundleDir + " was trained with " + m.headLayers()
                    + "; use the tl4j version that made it (" + m.tl4jVersion() + ")");
        }
        Backend backend = registry.get(Backend.class, backendId == null ? m.backendId() : backendId);
        BackendEngine engine = backend.open(new BackendOptions(device, threads, m.seed(), ConfigFactory.empty()));
        try {
            InferenceModel model = InferenceModel.compile(engine, featureGraph, headGraph, bundle.weights());
            BadImageLog log = new BadImageLog(OnBadImage.SKIP);
            ImageLoader loader = new ImageLoader(new ImageDecoder(), m.height(), m.width(), CropMode.fromId(m.crop()),
                    Preprocessing.fromId(m.preprocessing()), Augmentation.none(), 0);
            return new Predictor(bundle, engine, model, new ImagePipeline(loader, threads, log), log, 32);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public List<String> labels() {
        return bundle.manifest().labels();
    }

    /** Probabilities for files, in the given order, without the bad ones (see {@link #badImages()}). */
    public Predictions predict(List<Path> files, TrainingListener listener) {
        return predict(Dataset.ofFiles(files), listener);
    }

    /** Probabilities for a dataset's images, in its order, without the bad ones. */
    public Predictions predict(Dataset data, TrainingListener listener) {
        return model.predict(pipeline, data.entries(), batchSize, listener);
    }

    /** The images that could not be used so far. */
    public List<BadImage> badImages() {
        return badImages.list();
    }

    @Override
    public void close() {
        try {
            pipeline.close();
            model.close();
        } finally {
            engine.close();
        }
    }
}
