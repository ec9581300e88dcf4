package org.tl4j.core.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.tl4j.api.internal.Trace;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.core.data.FeatureCache;
import org.tl4j.core.data.FeatureKey;
import org.tl4j.core.data.FeatureSpace;
import org.tl4j.core.data.ImageBatch;
import org.tl4j.core.data.ImageEntry;
import org.tl4j.core.data.ImagePipeline;
import org.tl4j.core.data.ImageRequest;
import org.tl4j.core.internal.Background;
import org.tl4j.spi.CompiledModel;

/**
 * Computes base features for image views, taking them from the cache where it can: files are hashed (in parallel,
 * cheap), cached views are read, and only the missing ones are decoded and run through the base — decoding on the
 * pipeline's threads while the base works on the previous batch.
 *
 * <p>Made with {@link #compiling}, the extractor compiles the base itself, and only when some views are not cached:
 * on a helper thread, while the decoders already work ahead (up to {@link #PREFETCH_BYTES} of model input), so the
 * compilation costs no wall time when decoding is the longer of the two. Until the model is ready, the decoders
 * leave one core to the compilation (it is on the critical path: the base cannot start without it, the
 * decoders can catch up). Such an extractor closes its model.
 */
public final class FeatureExtractor implements AutoCloseable {
    /** How much decoded model input may wait for the base (128 MB: 436 images at 160×160, 222 at 224×224). */
    public static final long PREFETCH_BYTES = 128L << 20;

    private final Supplier<CompiledModel> compile;
    private final boolean ownsModel;
    private final String spaceId;
    private final FeatureCache cache;
    private final ImagePipeline pipeline;
    private final int batchSize;
    private final TrainingListener listener;
    private CompletableFuture<CompiledModel> model;
    private double seconds;
    private long computed;

    /**
     * An extractor on a compiled model, which it does not close.
     *
     * @param model     the compiled feature graph (inference)
     * @param space     the cache namespace of that graph
     * @param cache     where features are looked up and stored
     * @param pipeline  decodes and prepares images
     * @param batchSize images per base call
     * @param listener  progress of the base pass
     */
    public FeatureExtractor(CompiledModel model, FeatureSpace space, FeatureCache cache, ImagePipeline pipeline,
            int batchSize, TrainingListener listener) {
        this(() -> model, false, space, cache, pipeline, batchSize, listener);
        this.model = CompletableFuture.completedFuture(model);
    }

    private FeatureExtractor(Supplier<CompiledModel> compile, boolean ownsModel, FeatureSpace space,
            FeatureCache cache, ImagePipeline pipeline, int batchSize, TrainingListener listener) {
        this.compile = compile;
        this.ownsModel = ownsModel;
        this.spaceId = space.id();
        this.cache = cache;
        this.pipeline = pipeline;
        this.batchSize = batchSize;
        this.listener = listener;
    }

    /**
     * An extractor that compiles its model with {@code compile} when it first meets an uncached view, concurrently
     * with decoding, and closes it in {@link #close}; the other parameters are those of the constructor.
     */
    public static FeatureExtractor compiling(Supplier<CompiledModel> compile, FeatureSpace space, FeatureCache cache,
            ImagePipeline pipeline, int batchSize, TrainingListener listener) {
        return new FeatureExtractor(compile, true, space, cache, pipeline, batchSize, listener);
    }

    /**
     * The features of each request, in order ({@code request.index()} is ignored); {@code null} for views whose
     * image is bad (reported to the pipeline's log).
     */
    public Tensor[] extract(List<ImageRequest> requests, String task) {
        long start = System.nanoTime();
        Tensor[] rows = new Tensor[requests.size()];
        // when nothing of this base can be cached, every view is a miss: the files are not hashed up front (the
        // decoders hash what they read, and the lookup happens then) and the base starts compiling at once
        boolean lookUpFirst = cache.mayContain(spaceId);
        List<ImageRequest> misses = lookUpFirst ? cachedRows(requests, rows, task) : indexed(requests);
        compute(misses, rows, task, lookUpFirst);
        seconds += (System.nanoTime() - start) / 1e9;
        return rows;
    }

    /** Fills {@code rows} from the cache (files hashed in parallel) and returns the views it does not have. */
    private List<ImageRequest> cachedRows(List<ImageRequest> requests, Tensor[] rows, String task) {
        Map<ImageEntry, String> hashes = hashes(requests);
        List<ImageRequest> misses = new ArrayList<>();
        int hits = 0;
        for (int i = 0; i < requests.size(); i++) {
            ImageRequest r = requests.get(i);
            String hash = hashes.get(r.entry());
            if (hash == null) {
                continue;   // unreadable: reported by the pipeline
            }
            rows[i] = cache.get(key(hash, r.view()));
            if (rows[i] != null) {
                hits++;
            } else {
                misses.add(new ImageRequest(i, r.entry(), r.view()));
            }
        }
        if (hits > 0) {
            listener.info(task + ": " + hits + " of " + requests.size() + " image views from the feature cache"
                    + (misses.isEmpty() ? "; the base is skipped" : ""));
        }
        return misses;
    }

    /** The requests with their positions as indices. */
    private static List<ImageRequest> indexed(List<ImageRequest> requests) {
        List<ImageRequest> out = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            out.add(new ImageRequest(i, requests.get(i).entry(), requests.get(i).view()));
        }
        return out;
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
        return new FeatureKey(spaceId, hash, FeatureSpace.viewKey(pipeline.loader().augmentation(),
                pipeline.loader().seed(), view));
    }

    /** Runs the base on the missing views; {@code lookedUp}: whether they were looked up in the cache already. */
    private void compute(List<ImageRequest> misses, Tensor[] rows, String task, boolean lookedUp) {
        if (misses.isEmpty()) {
            return;
        }
        long done = 0;
        listener.progress(new Progress(task, 0, misses.size(), "images"));
        boolean compiling = startCompiling();
        try (ImagePipeline.Batches batches = pipeline.batches(misses, batchSize, compiling ? PREFETCH_BYTES : 0)) {
            while (batches.hasNext()) {
                ImageBatch b = batches.next();
                Tensor out = predictFull(model(), b.images(), batchSize);
                if (done == 0) {
                    Trace.mark("base: first batch out");
                }
                int[] shape = out.shape();
                int[] rowShape = java.util.Arrays.copyOfRange(shape, 1, shape.length);
                for (int i = 0; i < b.size(); i++) {
                    Tensor row = Tensor.of(out.row(i), rowShape);
                    ImageRequest r = b.requests().get(i);
                    rows[r.index()] = row;
                    FeatureKey key = key(b.contentHashes().get(i), r.view());
                    if (!lookedUp) {
                        cache.get(key);   // the lookup the up-front path makes, for the cache's counts
                    }
                    cache.put(key, row);
                }
                done += b.size();
                computed += b.size();
                listener.progress(new Progress(task, done, misses.size(), "images"));
            }
        }
        listener.taskDone(task);
        Trace.mark(task + ": done");
    }

    /** Starts compiling the model on a helper thread unless that has been done; true when it starts now. */
    private boolean startCompiling() {
        if (model != null) {
            return false;
        }
        pipeline.useThreads(pipeline.threads() - 1);
        model = Background.start("tl4j-compile", () -> {
            Trace.mark("base: compiling");
            try {
                return compile.get();
            } finally {
                pipeline.useThreads(pipeline.threads());
                Trace.mark("base: compiled");
            }
        });
        return true;
    }

    private CompiledModel model() {
        return Background.join(model);
    }

    /** Closes the model when this extractor compiled it (waiting for a compilation still running). */
    @Override
    public void close() {
        if (ownsModel && model != null) {
            try {
                model.join().close();
            } catch (CompletionException e) {
                // the compilation failed; extract() has reported it
            }
        }
    }

    /**
     * The model's output for a batch of images, computed at the full batch size: a partial batch is padded with zero
     * images whose rows are then dropped. TensorFlow's CPU kernels choose their blocking by batch size, so without
     * this an image's features would depend (in the last bits) on how many images share its batch; padded, they
     * depend only on the image and the batch size, so {@code tl extract}, training and tl-spark's partitions compute
     * the same features bit for bit. The cost is the padding of each pass's last batch.
     */
    public static Tensor predictFull(CompiledModel model, Tensor images, int batchSize) {
        int n = images.dim(0);
        if (n >= batchSize) {
            return model.predict(images);
        }
        int[] shape = images.shape().clone();
        shape[0] = batchSize;
        float[] padded = java.util.Arrays.copyOf(images.data(), batchSize * images.rowSize());
        return model.predict(Tensor.of(padded, shape)).slice(0, n);
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
