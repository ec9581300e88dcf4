package org.tl4j.api.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tl4j.api.data.FeatureCache;
import org.tl4j.api.data.FeatureKey;
import org.tl4j.api.data.FeatureSpace;
import org.tl4j.api.data.ImageBatch;
import org.tl4j.api.data.ImageEntry;
import org.tl4j.api.data.ImagePipeline;
import org.tl4j.api.data.ImageRequest;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.spi.CompiledModel;

/**
 * Computes base features for image views, taking them from the cache where it can: files are hashed (in parallel,
 * cheap), cached views are read, and only the missing ones are decoded and run through the base — decoding on the
 * pipeline's threads while the base works on the previous batch.
 */
public final class FeatureExtractor {
    private final CompiledModel model;
    private final FeatureSpace space;
    private final FeatureCache cache;
    private final ImagePipeline pipeline;
    private final int batchSize;
    private final TrainingListener listener;
    private double seconds;
    private long computed;

    /**
     * @param model     the compiled feature graph (inference)
     * @param space     the cache namespace of that graph
     * @param cache     where features are looked up and stored
     * @param pipeline  decodes and prepares images
     * @param batchSize images per base call
     * @param listener  progress of the base pass
     */
    public FeatureExtractor(CompiledModel model, FeatureSpace space, FeatureCache cache, ImagePipeline pipeline,
            int batchSize, TrainingListener listener) {
        this.model = model;
        this.space = space;
        this.cache = cache;
        this.pipeline = pipeline;
        this.batchSize = batchSize;
        this.listener = listener;
    }

    /**
     * The features of each request, in order ({@code request.index()} is ignored); {@code null} for views whose
     * image is bad (reported to the pipeline's log).
     */
    public Tensor[] extract(List<ImageRequest> requests, String task) {
        long start = System.nanoTime();
        Map<ImageEntry, String> hashes = hashes(requests);
        Tensor[] rows = new Tensor[requests.size()];
        List<ImageRequest> misses = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ImageRequest r = requests.get(i);
            String hash = hashes.get(r.entry());
            if (hash == null) {
                continue;
            }
            Tensor t = cache.get(key(hash, r.view()));
            if (t != null) {
                rows[i] = t;
            } else {
                misses.add(new ImageRequest(i, r.entry(), r.view()));
            }
        }
        int cached = requests.size() - misses.size();
        if (cached > 0) {
            listener.info(task + ": " + cached + " of " + requests.size() + " image views from the feature cache"
                    + (misses.isEmpty() ? "; the base is skipped" : ""));
        }
        compute(misses, rows, task);
        seconds += (System.nanoTime() - start) / 1e9;
        return rows;
    }

    /** Seconds spent in {@link #extract} so far. */
    public double seconds() {
        return seconds;
    }

    /** Image views run through the base so far (cache misses). */
    public long computed() {
        return computed;
    }

    private Map<ImageEntry, String> hashes(List<ImageRequest> requests) {
        List<ImageEntry> unique = requests.stream().map(ImageRequest::entry).distinct().toList();
        List<String> h = pipeline.hashes(unique);
        Map<ImageEntry, String> out = new LinkedHashMap<>();
        for (int i = 0; i < unique.size(); i++) {
            out.put(unique.get(i), h.get(i));
        }
        return out;
    }

    private FeatureKey key(String hash, int view) {
        return space.key(hash, FeatureSpace.viewKey(pipeline.loader().augmentation(), pipeline.loader().seed(), view));
    }

    private void compute(List<ImageRequest> misses, Tensor[] rows, String task) {
        if (misses.isEmpty()) {
            return;
        }
        long done = 0;
        listener.progress(new Progress(task, 0, misses.size(), "images"));
        try (ImagePipeline.Batches batches = pipeline.batches(misses, batchSize)) {
            while (batches.hasNext()) {
                ImageBatch b = batches.next();
                Tensor out = model.predict(b.images());
                int[] shape = out.shape();
                int[] rowShape = java.util.Arrays.copyOfRange(shape, 1, shape.length);
                for (int i = 0; i < b.size(); i++) {
                    Tensor row = Tensor.of(out.row(i), rowShape);
                    ImageRequest r = b.requests().get(i);
                    rows[r.index()] = row;
                    cache.put(key(b.contentHashes().get(i), r.view()), row);
                }
                done += b.size();
                computed += b.size();
                listener.progress(new Progress(task, done, misses.size(), "images"));
            }
        }
        listener.taskDone(task);
    }

    /** Stacks rows of equal shape into a batch. */
    public static Tensor stack(List<Tensor> rows) {
        int[] rowShape = rows.get(0).shape();
        int size = rows.get(0).size();
        float[] data = new float[rows.size() * size];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i).data(), 0, data, i * size, size);
        }
        int[] shape = new int[rowShape.length + 1];
        shape[0] = rows.size();
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return Tensor.of(data, shape);
    }
}
