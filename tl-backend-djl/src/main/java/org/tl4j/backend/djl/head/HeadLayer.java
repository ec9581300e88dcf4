package org.tl4j.backend.djl.head;

import org.tl4j.api.graph.ActivationFn;

/**
 * One layer of a {@link DenseHead}; {@code in} and {@code out} are per-example sizes (for the pool: channels,
 * positions).
 */
final class HeadLayer {
    /** What a layer computes. */
    enum Kind {
        POOL, DENSE, DROPOUT, ACTIVATION
    }

    final Kind kind;
    final String name;
    final int in;
    final int out;
    final ActivationFn fn;
    final double rate;
    float[][] kernel;
    float[] bias;
    HeadOptimizer.Param kernelParam;
    HeadOptimizer.Param biasParam;
    boolean trainsBelowOrHere;

    HeadLayer(Kind kind, String name, int in, int out, ActivationFn fn, double rate) {
        this.kind = kind;
        this.name = name;
        this.in = in;
        this.out = out;
        this.fn = fn;
        this.rate = rate;
    }
}
