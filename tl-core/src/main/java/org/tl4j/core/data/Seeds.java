package org.tl4j.core.data;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import static org.tl4j.api.internal.SplitMix64.GOLDEN;
import static org.tl4j.api.internal.SplitMix64.mix;


/**
 * Derives independent, reproducible seeds from a run seed and a few keys (SplitMix64 finalizer), so that each
 * random stream — a class's split, an image view's augmentation, an epoch's shuffle — depends only on its own keys.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A seed derived from {@code seed} and the keys, in order. */
    public static long derive(long seed, long... keys) {
        long h = mix(seed ^ GOLDEN);
        for (long k : keys) {
            h = mix(h ^ mix(k + GOLDEN));
        }
        return h;
    }

    /** A stable 64-bit key for a string (FNV-1a over its UTF-8 bytes, then mixed). */
    public static long key(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** Fisher–Yates shuffle of a list, driven by {@code rng}. */
    public static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    /** A random permutation of {@code 0 … n-1} (Fisher–Yates), driven by {@code rng}. */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
