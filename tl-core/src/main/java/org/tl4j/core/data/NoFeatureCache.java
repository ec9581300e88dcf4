package org.tl4j.core.data;

import java.util.concurrent.atomic.AtomicLong;
import org.tl4j.api.tensor.Tensor;

/** A {@link FeatureCache} that stores nothing ({@code data.cache.mode = none}). */
final class NoFeatureCache implements FeatureCache {
    private final AtomicLong misses = new AtomicLong();

    @Override
    public Tensor get(FeatureKey key) {
        misses.incrementAndGet();
        return null;
    }

    @Override
    public void put(FeatureKey key, Tensor features) {
    }

    @Override
    public boolean mayContain(String space) {
        return false;
    }

    @Override
    public Stats stats() {
        return new Stats(0, misses.get(), 0);
    }
}
