package org.tl4j.core.data;

import java.nio.file.Path;
import org.tl4j.api.tensor.Tensor;

/**
 * Features of image views computed by a base, kept so that later epochs, runs and sweeps skip the base. Entries are
 * immutable: a changed file has another content hash and so another key; stale entries are simply never read.
 * Implementations are thread-safe.
 */
public interface FeatureCache extends AutoCloseable {

    /** The features stored for a key (one example, no batch dimension), or null. */
    Tensor get(FeatureKey key);

    /** Stores features for a key (one example, no batch dimension). */
    void put(FeatureKey key, Tensor features);

    /**
     * Whether entries of the feature space {@code space} ({@link FeatureSpace#id()}) may be stored here: false when
     * there are certainly none, so that a run can skip looking its images up (and hashing them first).
     */
    default boolean mayContain(String space) {
        return true;
    }

    /** Hits, misses and writes so far. */
    Stats stats();

    @Override
    default void close() {
    }

    /** A cache in memory, for one run. */
    static FeatureCache inMemory() {
        return new MemoryFeatureCache();
    }

    /** A cache that keeps nothing: every lookup misses. */
    static FeatureCache none() {
        return new NoFeatureCache();
    }

    /** A cache in a folder, one file per entry, shared by runs. */
    static FeatureCache onDisk(Path dir) {
        return new DiskFeatureCache(dir);
    }

    /**
     * Cache counters.
     *
     * @param hits   lookups that found features
     * @param misses lookups that found none
     * @param writes entries stored
     */
    record Stats(long hits, long misses, long writes) {
    }
}
