package org.tl4j.api.internal;

import org.apiguardian.api.API;

/**
 * SplitMix64's constants and finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
 * 2014), the one mixing function behind tl4j's derived seeds: data splits and shuffles, weight initialisers, dropout
 * masks. Not part of the plugin contract.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class SplitMix64 {
    /** The golden-ratio increment, 2^64 / φ. */
    public static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SplitMix64() {
    }

    /** The finaliser: a bijection of 64-bit values that spreads every input bit over the output. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
