package org.tl4j.core.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.tl4j.api.DataException;
import org.tl4j.api.tensor.Tensor;

/**
 * Loads images on a bounded pool of decoder threads and hands them out in batches, in request order, while the
 * consumer works on the previous batch: a producer/consumer pipeline whose output does not depend on thread timing.
 * Bad images are left out of the batches and reported to the {@link BadImageLog} (or end the run, by policy).
 */
public final class ImagePipeline implements AutoCloseable {
    private final ImageLoader loader;
    private final BadImageLog badImages;
    private final int threads;
    private final ThreadPoolExecutor executor;

    /**
     * A pipeline with its own thread pool.
     *
     * @param threads decoder threads; 0 means one per available core
     */
    public ImagePipeline(ImageLoader loader, int threads, BadImageLog badImages) {
        this.loader = loader;
        this.badImages = badImages;
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.executor = new ThreadPoolExecutor(this.threads, this.threads, 0L, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new DecoderThreads());
    }

    public ImageLoader loader() {
        return loader;
    }

    public BadImageLog badImages() {
        return badImages;
    }

    /** The decoder threads of this pipeline. */
    public int threads() {
        return threads;
    }

    /**
     * Decodes on {@code active} of the pipeline's threads from now on (between 1 and {@link #threads()}), e.g. one
     * fewer while another thread compiles the model on the critical path, and all of them again afterwards. The
     * results do not depend on it, only the speed.
     */
    public void useThreads(int active) {
        int n = Math.max(1, Math.min(threads, active));
        synchronized (executor) {
            if (n < executor.getCorePoolSize()) {
                executor.setCorePoolSize(n);
                executor.setMaximumPoolSize(n);
            } else {
                executor.setMaximumPoolSize(n);
                executor.setCorePoolSize(n);
            }
        }
    }

    /** Batches of at most {@code batchSize} loaded images; the caller closes the iterator (or exhausts it). */
    public Batches batches(List<ImageRequest> requests, int batchSize) {
        return batches(requests, batchSize, 0);
    }

    /**
     * Batches of at most {@code batchSize} loaded images, decoding up to {@code prefetchBytes} of model input ahead
     * of the consumer (at least two batches): a large prefetch lets the decoders work while the consumer is not
     * ready yet, e.g. while the base model compiles. The caller closes the iterator (or exhausts it).
     */
    public Batches batches(List<ImageRequest> requests, int batchSize, long prefetchBytes) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        return new Batches(new Ordered<>(requests, loader::load, window(batchSize, prefetchBytes)), batchSize);
    }

    /** Images decoded ahead: {@code prefetchBytes} of model input, at least two batches and four per thread. */
    private int window(int batchSize, long prefetchBytes) {
        long imageBytes = 3L * Float.BYTES * loader.height() * loader.width();
        return (int) Math.min(Math.max(prefetchBytes / imageBytes, Math.max(2 * batchSize, 4 * threads)),
                Integer.MAX_VALUE);
    }

    /**
     * The content hash of each entry's file, computed in parallel; {@code null} for files that cannot be read (they
     * are reported as bad images).
     */
    public List<String> hashes(List<ImageEntry> entries) {
        List<String> out = new ArrayList<>(entries.size());
        try (Ordered<ImageEntry, String> hashes = new Ordered<>(entries, e -> ImageLoader.hash(e.path()),
                8 * threads)) {
            while (hashes.hasNext()) {
                out.add(hashes.nextOrNull());
            }
        }
        return out;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Batches of loaded images in request order. */
    public final class Batches implements Iterator<ImageBatch>, AutoCloseable {
        private final Ordered<ImageRequest, LoadedImage> loaded;
        private final int batchSize;
        private ImageBatch next;

        private Batches(Ordered<ImageRequest, LoadedImage> loaded, int batchSize) {
            this.loaded = loaded;
            this.batchSize = batchSize;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = fill();
            }
            return next != null;
        }

        @Override
        public ImageBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ImageBatch b = next;
            next = null;
            return b;
        }

        private ImageBatch fill() {
            List<LoadedImage> items = new ArrayList<>(batchSize);
            while (items.size() < batchSize && loaded.hasNext()) {
                LoadedImage img = loaded.nextOrNull();
                if (img != null) {
                    items.add(img);
                }
            }
            if (items.isEmpty()) {
                return null;
            }
            int size = items.get(0).pixels().length;
            float[] data = new float[items.size() * size];
            for (int i = 0; i < items.size(); i++) {
                System.arraycopy(items.get(i).pixels(), 0, data, i * size, size);
            }
            Tensor t = Tensor.of(data, items.size(), loader.height(), loader.width(), 3);
            return new ImageBatch(t, items.stream().map(LoadedImage::request).toList(),
                    items.stream().map(LoadedImage::contentHash).toList());
        }

        @Override
        public void close() {
            loaded.close();
        }
    }

    /** Runs a function over a list on the pool, at most {@code window} items ahead, and yields results in order. */
    private final class Ordered<I, O> implements AutoCloseable {
        private final Iterator<I> input;
        private final Function<I, O> task;
        private final int window;
        private final ArrayDeque<Future<O>> pending = new ArrayDeque<>();

        Ordered(List<I> items, Function<I, O> task, int window) {
            this.input = items.iterator();
            this.task = task;
            this.window = window;
            topUp();
        }

        boolean hasNext() {
            return !pending.isEmpty();
        }

        /** The next result, or null when that item was a bad image (reported to the log). */
        O nextOrNull() {
            Future<O> f = pending.removeFirst();
            topUp();
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new DataException("interrupted while loading images", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof BadImageException bad) {
                    try {
                        badImages.report(bad);
                    } catch (BadImageException fail) {
                        close();
                        throw fail;
                    }
                    return null;
                }
                close();
                throw new DataException("image loading failed: " + e.getCause(), e.getCause());
            }
        }

        private void topUp() {
            while (pending.size() < window && input.hasNext()) {
                I item = input.next();
                pending.addLast(executor.submit(() -> task.apply(item)));
            }
        }

        @Override
        public void close() {
            pending.forEach(f -> f.cancel(true));
            pending.clear();
            while (input.hasNext()) {
                input.next();
            }
        }
    }

    private static final class DecoderThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "tl4j-decode-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
