package org.tl4j.core.predict;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.apiguardian.api.API;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.core.data.ImageDecoder;
import org.tl4j.core.data.ImageLoader;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.run.ModelBundle;
import org.tl4j.core.run.OpenBundle;
import org.tl4j.core.train.Metrics;
import org.tl4j.spi.Device;

/**
 * A trained model bundle ({@code RUN_DIR/model}) ready to classify images, for services: load it once, call
 * {@link #predict} from any number of threads, close it to release the backend's native memory.
 *
 * <pre>{@code
 * try (Classifier classifier = Classifier.load(Path.of("runs/…/model"))) {
 *     Prediction p = classifier.predict(Path.of("photo.jpg"));
 *     System.out.println(p.label() + " " + p.probability());
 * }
 * }</pre>
 *
 * <p>Images are fitted and preprocessed exactly as in training, so a prediction equals the one {@code tl predict}
 * and the run's evaluation give. Decoding runs on the calling thread; the backend's work on one thread at a time (its
 * compiled models are not thread-safe), which makes concurrent calls give the same results as sequential ones.
 * {@link #predictAll} sends a list through the backend in batches. Options follow DJL's {@code Criteria}:
 * {@code set…} for what is required, {@code opt…} for the rest ({@link #builder()}).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Classifier implements AutoCloseable {
    private final OpenBundle model;
    private final int topK;
    private final int batchSize;
    private final ReentrantLock backend = new ReentrantLock();
    private boolean closed;

    private Classifier(OpenBundle model, int topK, int batchSize) {
        this.model = model;
        this.topK = topK;
        this.batchSize = batchSize;
    }

    /**
     * Loads a bundle folder (or a run folder holding one in {@code model/}) with the defaults: the providers on the
     * class or module path, the backend that trained it, the device it picks, every core, the top 5 classes.
     */
    public static Classifier load(Path bundle) {
        return builder().setBundle(bundle).build();
    }

    /** Options beyond the defaults of {@link #load}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The class labels, in the order of the model's outputs. */
    public List<String> labels() {
        return model.labels();
    }

    /** Classifies an image file; a file that is not a usable image fails with a {@code BadImageException}. */
    public Prediction predict(Path image) {
        return predictPixels(pixels(image));
    }

    /** Classifies an encoded image (JPEG, PNG, BMP or GIF). */
    public Prediction predict(byte[] image) {
        return predictPixels(pixels(image));
    }

    /** Classifies the encoded image the stream holds, read to its end (the stream is not closed). */
    public Prediction predict(InputStream image) {
        return predictPixels(pixels(image));
    }

    /** Classifies a decoded image. */
    public Prediction predict(BufferedImage image) {
        return predictPixels(pixels(image));
    }

    /**
     * Classifies images in batches, in order: each one a {@link Path}, {@code byte[]}, {@link InputStream} or
     * {@link BufferedImage}. One unusable image fails the call (nothing is half-returned); call {@link #predict}
     * image by image where a bad one should not stop the others.
     */
    public List<Prediction> predictAll(List<?> images) {
        List<Prediction> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += batchSize) {
            List<?> part = images.subList(from, Math.min(images.size(), from + batchSize));
            List<float[]> pixels = new ArrayList<>(part.size());
            for (int i = 0; i < part.size(); i++) {
                pixels.add(pixelsOf(part.get(i), from + i));
            }
            out.addAll(predictBatch(pixels));
        }
        return out;
    }

    /** Releases the backend's native memory; later calls fail. Waits for a prediction in progress. */
    @Override
    public void close() {
        backend.lock();
        try {
            if (!closed) {
                closed = true;
                model.close();
            }
        } finally {
            backend.unlock();
        }
    }

    private Prediction predictPixels(float[] pixels) {
        return predictBatch(List.of(pixels)).get(0);
    }

    private List<Prediction> predictBatch(List<float[]> pixels) {
        ImageLoader loader = model.loader();
        int size = pixels.get(0).length;
        float[] data = new float[pixels.size() * size];
        for (int i = 0; i < pixels.size(); i++) {
            System.arraycopy(pixels.get(i), 0, data, i * size, size);
        }
        Tensor images = Tensor.of(data, pixels.size(), loader.height(), loader.width(), 3);
        Tensor probabilities;
        backend.lock();
        try {
            if (closed) {
                throw new IllegalStateException("this Classifier is closed");
            }
            probabilities = model.model().classify(images);
        } finally {
            backend.unlock();
        }
        List<Prediction> out = new ArrayList<>(pixels.size());
        for (int i = 0; i < pixels.size(); i++) {
            out.add(prediction(probabilities, i));
        }
        return out;
    }

    private Prediction prediction(Tensor probabilities, int row) {
        List<Prediction.Scored> top = new ArrayList<>(topK);
        for (int c : Metrics.topClasses(probabilities, row, topK)) {
            top.add(new Prediction.Scored(labels().get(c), probabilities.data()[row * probabilities.dim(1) + c]));
        }
        return new Prediction(top.get(0).label(), top.get(0).probability(), top);
    }

    private float[] pixelsOf(Object image, int index) {
        if (image instanceof Path p) {
            return pixels(p);
        } else if (image instanceof byte[] b) {
            return pixels(b);
        } else if (image instanceof InputStream s) {
            return pixels(s);
        } else if (image instanceof BufferedImage b) {
            return pixels(b);
        }
        throw new IllegalArgumentException("image " + index + " is a " + (image == null ? "null"
                : image.getClass().getName()) + "; predictAll takes Path, byte[], InputStream or BufferedImage");
    }

    private float[] pixels(Path image) {
        return model.loader().pixels(image, ImageDecoder.readBytes(image));
    }

    private float[] pixels(byte[] image) {
        return model.loader().pixels(Path.of("in memory"), image);
    }

    private float[] pixels(InputStream image) {
        try {
            return model.loader().pixels(Path.of("from a stream"), image.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the image stream: " + e.getMessage(), e);
        }
    }

    private float[] pixels(BufferedImage image) {
        return model.loader().pixels(image);
    }

    /** Options for a {@link Classifier}: {@code set…} is required, {@code opt…} has a default. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private Path bundle;
        private Registry registry;
        private String backend;
        private Device device = Device.AUTO;
        private int threads;
        private int topK = 5;
        private int batchSize = 32;

        private Builder() {
        }

        /** The bundle folder ({@code RUN_DIR/model}), or the run folder holding it. */
        public Builder setBundle(Path bundle) {
            this.bundle = Objects.requireNonNull(bundle, "bundle");
            return this;
        }

        /** Where the backbone, head and backend providers come from; default {@link Registry#discover()}. */
        public Builder optRegistry(Registry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The backend id ({@code tensorflow}, {@code djl}); default the one that trained the model. */
        public Builder optBackend(String backend) {
            this.backend = backend;
            return this;
        }

        /** The device; default {@link Device#AUTO}. */
        public Builder optDevice(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** CPU threads of the backend; default 0, every core. */
        public Builder optThreads(int threads) {
            this.threads = requireAtLeast(threads, 0, "threads");
            return this;
        }

        /** How many classes a {@link Prediction} lists; default 5 (fewer when the model has fewer). */
        public Builder optTopK(int topK) {
            this.topK = requireAtLeast(topK, 1, "topK");
            return this;
        }

        /** The largest batch {@link Classifier#predictAll} sends to the backend; default 32. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = requireAtLeast(batchSize, 1, "batchSize");
            return this;
        }

        /** Reads the bundle and compiles its model on the backend. */
        public Classifier build() {
            if (bundle == null) {
                throw new IllegalStateException("setBundle(Path) is required");
            }
            OpenBundle model = OpenBundle.open(ModelBundle.folder(bundle), registry != null ? registry : Registry.discover(), backend,
                    device, threads);
            return new Classifier(model, Math.min(topK, model.labels().size()), batchSize);
        }

        private static int requireAtLeast(int value, int min, String name) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
            }
            return value;
        }
    }
}
