package org.tl4j.core.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.tl4j.api.tensor.Tensor;

/** A {@link FeatureCache} in a concurrent map. */
final class MemoryFeatureCache implements FeatureCache {
    private final Map<FeatureKey, Tensor> entries = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();

    @Override
    public Tensor get(FeatureKey key) {
        Tensor t = entries.get(key);
        (t == null ? misses : hits).incrementAndGet();
        return t;
    }

    @Override
    public void put(FeatureKey key, Tensor features) {
        entries.put(key, features.copy());
        writes.incrementAndGet();
    }

    @Override
    public boolean mayContain(String space) {
        return entries.keySet().stream().anyMatch(k -> k.space().equals(space));
    }

    @Override
    public Stats stats() {
        return new Stats(hits.get(), misses.get(), writes.get());
    }
}
