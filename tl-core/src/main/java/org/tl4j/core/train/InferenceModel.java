package org.tl4j.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.ImageBatch;
import org.tl4j.core.data.ImageEntry;
import org.tl4j.core.data.ImagePipeline;
import org.tl4j.core.data.ImageRequest;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.CompiledModel;

/**
 * A trained model for inference, compiled as two parts — the feature graph and the head — exactly as training ran
 * them, so that predictions on images equal the ones computed from cached features during training. Not
 * thread-safe (nor are the backends' compiled models): callers serialise their calls.
 */
public final class InferenceModel implements AutoCloseable {
    private final CompiledModel features;
    private final CompiledModel head;

    private InferenceModel(CompiledModel features, CompiledModel head) {
        this.features = features;
        this.head = head;
    }

    /** Compiles both parts; {@code weights} holds every weight of both graphs. */
    public static InferenceModel compile(BackendEngine engine, Graph featureGraph, Graph headGraph, Weights weights) {
        CompiledModel f = engine.compile(featureGraph, weights.forLayers(EpochLoop.layers(featureGraph)), Set.of(),
                null);
        try {
            return new InferenceModel(f, engine.compile(headGraph, weights.forLayers(EpochLoop.layers(headGraph)),
                    Set.of(), null));
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** The feature graph's output for a batch of preprocessed images. */
    public Tensor features(Tensor images) {
        return features.predict(images);
    }

    /** Class probabilities for a batch of features. */
    public Tensor probabilities(Tensor featureBatch) {
        return head.predict(featureBatch);
    }

    /** Class probabilities {@code [n, classes]} for a batch of preprocessed images {@code [n, h, w, 3]}. */
    public Tensor classify(Tensor images) {
        Tensor f = features.predict(images);
        int n = f.dim(0);
        List<Tensor> rows = new ArrayList<>(n);
        int[] rowShape = java.util.Arrays.copyOfRange(f.shape(), 1, f.rank());
        for (int i = 0; i < n; i++) {
            rows.add(Tensor.of(f.row(i), rowShape));
        }
        return head.predict(FeatureExtractor.stack(rows));
    }

    /** Class probabilities for feature rows, in batches. */
    public Tensor probabilities(List<Tensor> rows, int batchSize) {
        return Phases.predict(head, rows, batchSize);
    }

    /** Class probabilities for image files (view 0), in order, without the bad ones. */
    public Predictions predict(ImagePipeline pipeline, List<ImageEntry> entries, int batchSize,
            TrainingListener listener) {
        List<ImageRequest> requests = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            requests.add(new ImageRequest(i, entries.get(i), 0));
        }
        List<Tensor> parts = new ArrayList<>();
        List<ImageEntry> kept = new ArrayList<>();
        long done = 0;
        try (ImagePipeline.Batches it = pipeline.batches(requests, batchSize)) {
            while (it.hasNext()) {
                ImageBatch b = it.next();
                parts.add(classify(b.images()));
                b.requests().forEach(r -> kept.add(r.entry()));
                done += b.size();
                listener.progress(new Progress("predict", done, entries.size(), "images"));
            }
        }
        listener.taskDone("predict");
        return new Predictions(kept, Phases.concat(parts));
    }

    @Override
    public void close() {
        try {
            features.close();
        } finally {
            head.close();
        }
    }
}
