package org.tl4j.api.graph;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.tl4j.api.GraphException;

/**
 * The shape of one example flowing through a graph, without the batch dimension: {@code [h, w, c]} for feature maps
 * (NHWC), {@code [n]} for vectors. A dimension of {@link #UNKNOWN} is not known until run time.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Shape {
    /** Marks a dimension that is only known at run time. */
    public static final int UNKNOWN = -1;

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims.clone();
        for (int d : dims) {
            if (d < UNKNOWN || d == 0) {
                throw new GraphException("invalid dimension " + d + " in shape " + Arrays.toString(dims));
            }
        }
    }

    /** A shape from its dimensions. */
    public static Shape of(int... dims) {
        return new Shape(dims);
    }

    /** A feature-map shape {@code [h, w, c]}. */
    public static Shape hwc(int h, int w, int c) {
        return new Shape(new int[] {h, w, c});
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int i) {
        return dims[i];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Height of a rank-3 shape. */
    public int height() {
        requireRank(3);
        return dims[0];
    }

    /** Width of a rank-3 shape. */
    public int width() {
        requireRank(3);
        return dims[1];
    }

    /** The last dimension: channels of a feature map, length of a vector. */
    public int channels() {
        return dims[dims.length - 1];
    }

    /** Whether every dimension is known. */
    public boolean isKnown() {
        return Arrays.stream(dims).noneMatch(d -> d == UNKNOWN);
    }

    /** Number of elements; only for fully known shapes. */
    public long size() {
        long n = 1;
        for (int d : dims) {
            if (d == UNKNOWN) {
                throw new GraphException("shape " + this + " has unknown dimensions");
            }
            n *= d;
        }
        return n;
    }

    private void requireRank(int rank) {
        if (dims.length != rank) {
            throw new GraphException("expected a rank-" + rank + " shape, got " + this);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Formats as {@code 160×160×3}, with {@code ?} for unknown dimensions. */
    @Override
    public String toString() {
        return Arrays.stream(dims).mapToObj(d -> d == UNKNOWN ? "?" : Integer.toString(d)).collect(Collectors.joining("×"));
    }
}
