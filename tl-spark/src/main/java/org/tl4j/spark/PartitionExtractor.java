package org.tl4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.core.data.BadImageException;
import org.tl4j.core.data.ContentHash;
import org.tl4j.core.data.ImageLoader;
import org.tl4j.core.train.FeatureExtractor;

/**
 * The executor's side of {@link TlFeatureExtractor}: borrows this JVM's compiled model for the pass, then turns the
 * partition's rows into rows with features, batch by batch as the consumer pulls them — read (or take) the bytes,
 * hash, decode, fit and preprocess each image with the pass's {@link ImageLoader}, run the good ones of the batch
 * through the base in one call at the full batch size ({@link FeatureExtractor#predictFull}, as {@code tl extract}
 * does, so that a row's features do not depend on the partitioning). A bad image gets null features and its reason
 * in the error column.
 */
final class PartitionExtractor implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** How the image column holds images. */
    enum Input {
        /** The file's bytes ({@code binaryFile}'s {@code content}). */
        BYTES,
        /** The file's path or URI, read on the executor through Hadoop's file systems. */
        PATH
    }

    private final ShippedPass shipped;
    private final int batchSize;
    private final int imageColumn;
    private final Input input;
    private final int pathColumn;

    /**
     * @param pathColumn the column that names each row's file in messages, or -1 (then the image column, or the
     *                   row number)
     */
    PartitionExtractor(ShippedPass shipped, int batchSize, int imageColumn, Input input, int pathColumn) {
        this.shipped = shipped;
        this.batchSize = batchSize;
        this.imageColumn = imageColumn;
        this.input = input;
        this.pathColumn = pathColumn;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TaskContext task = TaskContext.get();
        ExecutorEngines.Lease lease = ExecutorEngines.lease(shipped, task == null ? 1 : task.cpus());
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) t -> lease.close());
        }
        return new Batches(rows, lease);
    }

    /** The output rows, computed a batch at a time. */
    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> in;
        private final ExecutorEngines.Lease lease;
        private final Configuration hadoop;
        private Iterator<Row> out = java.util.Collections.emptyIterator();

        Batches(Iterator<Row> in, ExecutorEngines.Lease lease) {
            this.in = in;
            this.lease = lease;
            this.hadoop = input == Input.PATH ? new Configuration() : null;
        }

        @Override
        public boolean hasNext() {
            if (!out.hasNext() && in.hasNext()) {
                out = next(batchSize).iterator();
            }
            return out.hasNext();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return out.next();
        }

        private List<Row> next(int size) {
            ImageLoader loader = lease.pass().loader();
            List<Row> batch = new ArrayList<>(size);
            List<float[]> pixels = new ArrayList<>(size);
            List<String> hashes = new ArrayList<>(size);
            List<String> errors = new ArrayList<>(size);
            while (batch.size() < size && in.hasNext()) {
                Row row = in.next();
                batch.add(row);
                String name = name(row);
                String hash = null;
                float[] image = null;
                String error = null;
                try {
                    byte[] bytes = bytes(row, name);
                    hash = ContentHash.sha256(bytes);
                    image = loader.pixels(Path.of(name), bytes, hash, 0);
                } catch (BadImageException e) {
                    error = e.badImage().reason();
                }
                pixels.add(image);
                hashes.add(hash);
                errors.add(error);
            }
            float[][] features = features(loader, pixels);
            List<Row> result = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                result.add(withFeatures(batch.get(i), features[i], errors.get(i), hashes.get(i)));
            }
            return result;
        }

        /** The base's output for each decoded image of a batch, in one call; null where the image was bad. */
        private float[][] features(ImageLoader loader, List<float[]> pixels) {
            float[][] out = new float[pixels.size()][];
            int good = (int) pixels.stream().filter(p -> p != null).count();
            if (good == 0) {
                return out;
            }
            int size = 3 * loader.height() * loader.width();
            float[] data = new float[good * size];
            int k = 0;
            for (float[] p : pixels) {
                if (p != null) {
                    System.arraycopy(p, 0, data, k++ * size, size);
                }
            }
            Tensor result = FeatureExtractor.predictFull(lease.model(),
                    Tensor.of(data, good, loader.height(), loader.width(), 3), batchSize);
            k = 0;
            for (int i = 0; i < pixels.size(); i++) {
                if (pixels.get(i) != null) {
                    out[i] = result.row(k++);
                }
            }
            return out;
        }

        private byte[] bytes(Row row, String name) {
            if (row.isNullAt(imageColumn)) {
                throw bad(name, "no image (the column is null)", null);
            }
            if (input == Input.BYTES) {
                byte[] bytes = (byte[]) row.get(imageColumn);
                if (bytes.length == 0) {
                    throw bad(name, "empty file (0 bytes)", null);
                }
                return bytes;
            }
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(row.getString(imageColumn));
            try {
                FileSystem fs = p.getFileSystem(hadoop);
                try (InputStream s = fs.open(p)) {
                    byte[] bytes = s.readAllBytes();
                    if (bytes.length == 0) {
                        throw bad(name, "empty file (0 bytes)", null);
                    }
                    return bytes;
                }
            } catch (IOException e) {
                throw bad(name, "cannot read: " + e, e);
            }
        }

        private String name(Row row) {
            int c = pathColumn >= 0 ? pathColumn : input == Input.PATH ? imageColumn : -1;
            return c >= 0 && !row.isNullAt(c) ? row.getString(c) : "(row without a path)";
        }
    }

    private static BadImageException bad(String name, String reason, Throwable cause) {
        return new BadImageException(new org.tl4j.core.data.BadImage(Path.of(name), reason), cause);
    }

    private static Row withFeatures(Row row, float[] features, String error, String hash) {
        Object[] values = new Object[row.size() + 3];
        for (int i = 0; i < row.size(); i++) {
            values[i] = row.get(i);
        }
        values[row.size()] = features == null ? null : Vectors.dense(toDoubles(features));
        values[row.size() + 1] = error;
        values[row.size() + 2] = hash;
        return RowFactory.create(values);
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
