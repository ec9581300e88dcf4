package org.tl4j.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tl4j.api.DataException;
import org.tl4j.api.tensor.Tensor;

/**
 * A {@link FeatureCache} in a folder: {@code DIR/SPACE/ab/abcdef…-VIEW.f32}, one small file per entry (magic
 * {@code TLF1}, rank, dimensions, float32 values, little-endian), each written to a temporary file and renamed into
 * place, so concurrent runs and a killed run never leave a half-written entry. An unreadable entry counts as a miss.
 */
final class DiskFeatureCache implements FeatureCache {
    private static final Logger LOG = LoggerFactory.getLogger(DiskFeatureCache.class);
    private static final int MAGIC = 0x31464c54; // "TLF1" little-endian

    private final Path dir;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();

    DiskFeatureCache(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DataException("cannot create the feature cache folder " + dir + ": " + e.getMessage(), e);
        }
    }

    Path file(FeatureKey key) {
        return dir.resolve(key.space()).resolve(key.contentHash().substring(0, 2))
                .resolve(key.contentHash() + "-" + key.view() + ".f32");
    }

    @Override
    public Tensor get(FeatureKey key) {
        Path f = file(key);
        try {
            Tensor t = decode(Files.readAllBytes(f));
            hits.incrementAndGet();
            return t;
        } catch (NoSuchFileException e) {
            misses.incrementAndGet();
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable feature cache entry {}: {}", f, e.toString());
            misses.incrementAndGet();
            return null;
        }
    }

    @Override
    public void put(FeatureKey key, Tensor features) {
        Path f = file(key);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), ".tmp-", ".f32");
            try {
                Files.write(tmp, encode(features));
                move(tmp, f);
            } finally {
                Files.deleteIfExists(tmp);
            }
            writes.incrementAndGet();
        } catch (IOException e) {
            throw new DataException("cannot write the feature cache entry " + f + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean mayContain(String space) {
        return Files.isDirectory(dir.resolve(space));
    }

    @Override
    public Stats stats() {
        return new Stats(hits.get(), misses.get(), writes.get());
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static byte[] encode(Tensor t) {
        int[] shape = t.shape();
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * shape.length + 4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(shape.length);
        for (int d : shape) {
            b.putInt(d);
        }
        b.asFloatBuffer().put(t.data());
        return b.array();
    }

    static Tensor decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8 || b.getInt() != MAGIC) {
            throw new IllegalStateException("not a tl4j feature file");
        }
        int rank = b.getInt();
        if (rank < 0 || rank > 8 || bytes.length < 8 + 4 * rank) {
            throw new IllegalStateException("bad rank " + rank);
        }
        int[] shape = new int[rank];
        long n = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = b.getInt();
            n *= shape[i];
        }
        if (bytes.length != 8 + 4L * rank + 4 * n) {
            throw new IllegalStateException("truncated: " + bytes.length + " bytes for shape " + n);
        }
        float[] data = new float[(int) n];
        b.asFloatBuffer().get(data);
        return Tensor.of(data, shape);
    }
}
