package org.tl4j.backend.djl;

import com.typesafe.config.ConfigFactory;
import java.util.SplittableRandom;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.backend.djl.engine.DjlEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.Device;

/** Shared fixtures: a CPU engine with two threads and seeded inputs. */
final class TestEngines {
    static final long SEED = 42;

    private TestEngines() {
    }

    static DjlEngine cpu() {
        return DjlEngine.open(new BackendOptions(Device.CPU, 2, SEED, ConfigFactory.empty()));
    }

    /** Uniform values in [−1, 1). */
    static Tensor uniform(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return t;
    }

    /** {@code max|a − b| / max|b|}. */
    static double relativeError(Tensor actual, Tensor expected) {
        return actual.maxAbsDiff(expected) / Math.max(expected.maxAbs(), 1e-30f);
    }
}
