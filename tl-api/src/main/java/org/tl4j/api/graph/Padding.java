package org.tl4j.api.graph;

import org.apiguardian.api.API;

/** Convolution and pooling padding, with TensorFlow's rules (the odd extra pixel of "same" goes bottom/right). */
@API(status = API.Status.STABLE, since = "0.1")
public enum Padding {
    SAME, VALID;

    /** Output length along one axis for input {@code n}, window {@code k}, stride {@code s} (dilation 1). */
    public int outputSize(int n, int k, int s) {
        if (n == Shape.UNKNOWN) {
            return Shape.UNKNOWN;
        }
        return this == SAME ? (n + s - 1) / s : (n - k) / s + 1;
    }

    /** Padding before and after along one axis: {@code [before, after]}; zero for VALID. */
    public int[] amounts(int n, int k, int s) {
        if (this == VALID) {
            return new int[] {0, 0};
        }
        int out = (n + s - 1) / s;
        int total = Math.max((out - 1) * s + k - n, 0);
        return new int[] {total / 2, total - total / 2};
    }

    /** The Keras spelling: {@code same} or {@code valid}. */
    public String keras() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
