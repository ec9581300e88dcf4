package org.tl4j.core.run;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.tl4j.api.TlException;
import org.tl4j.api.graph.Graph;
import org.tl4j.core.data.Augmentation;
import org.tl4j.core.data.ImageDecoder;
import org.tl4j.core.data.ImageLoader;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.train.InferenceModel;
import org.tl4j.core.train.ModelParts;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.Device;
import org.tl4j.spi.Head;

/**
 * A {@link ModelBundle} opened on a backend: the graphs rebuilt from the providers named in the manifest (checked
 * against the recorded head) and compiled, and the loader that feeds them exactly as training did (the run's crop,
 * preprocessing, JPEG decoder and ICC handling, from the manifest). What
 * {@link Predictor} (folders of files, {@code tl predict}) and {@code Classifier} (the Java API) share. Closing it
 * releases the backend's native memory.
 */
public final class OpenBundle implements AutoCloseable {
    private final ModelBundle bundle;
    private final BackendEngine engine;
    private final InferenceModel model;
    private final ImageLoader loader;

    private OpenBundle(ModelBundle bundle, BackendEngine engine, InferenceModel model, ImageLoader loader) {
        this.bundle = bundle;
        this.engine = engine;
        this.model = model;
        this.loader = loader;
    }

    /**
     * Reads a bundle folder and compiles its model.
     *
     * @param backendId the backend, or null for the one that trained the model
     * @param threads   CPU threads for the backend; 0 = all cores
     */
    public static OpenBundle open(Path bundleDir, Registry registry, String backendId, Device device, int threads) {
        ModelBundle bundle = ModelBundle.read(bundleDir);
        Manifest m = bundle.manifest();
        Backbone backbone = registry.get(Backbone.class, m.backbone().id());
        Head head = registry.get(Head.class, m.head().id());
        Backend backend = registry.get(Backend.class, backendId == null ? m.backend().id() : backendId);
        ModelParts parts = new ModelParts(backbone, bundle.backboneSpec(), backbone.graph(bundle.backboneSpec()),
                bundle.weights(), m.backbone().weightsHash(), m.backbone().weights(), head,
                ConfigFactory.parseString(m.head().options()),
                null, null);
        int k = m.labels().size();
        Graph featureGraph = parts.featureGraph(k);
        Graph headGraph = parts.headGraph(k);
        if (!Manifest.describe(headGraph).equals(m.head().layers())) {
            throw new TlException("head '" + m.head().id() + "' now builds " + Manifest.describe(headGraph)
                    + ", but the bundle " + bundleDir + " was trained with " + m.head().layers()
                    + "; use the tl4j version that made it (" + m.tl4jVersion() + ")");
        }
        BackendEngine engine = backend.open(new BackendOptions(device, threads, m.seed(), ConfigFactory.empty()));
        try {
            InferenceModel model = InferenceModel.compile(engine, featureGraph, headGraph, bundle.weights());
            ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, m.jpegDecoder(), m.icc());
            ImageLoader loader = new ImageLoader(decoder, m.backbone().height(), m.backbone().width(), m.crop(),
                    m.preprocessing(), Augmentation.none(), 0);
            return new OpenBundle(bundle, engine, model, loader);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    public ModelBundle bundle() {
        return bundle;
    }

    /** The class labels, in the order of the model's outputs. */
    public List<String> labels() {
        return bundle.manifest().labels();
    }

    /** The compiled model; not thread-safe. */
    public InferenceModel model() {
        return model;
    }

    /** Turns images into model input as in training (thread-safe). */
    public ImageLoader loader() {
        return loader;
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            engine.close();
        }
    }
}
