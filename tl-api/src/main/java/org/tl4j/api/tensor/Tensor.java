package org.tl4j.api.tensor;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * A dense float32 tensor in row-major (C) order, the exchange format between tl4j and its backends: image batches
 * are {@code [n, h, w, c]}, features {@code [n, c]} or {@code [n, h, w, c]}, kernels as Keras stores them (HWIO).
 * The data array is not copied; callers that keep a tensor must not change its array afterwards.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Tensor {
    private final float[] data;
    private final int[] shape;

    private Tensor(float[] data, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
        this.data = data;
        this.shape = shape.clone();
    }

    /** Wraps {@code data} (not copied) with the given shape. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(data, shape);
    }

    /** A zero-filled tensor. */
    public static Tensor zeros(int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return new Tensor(new float[Math.toIntExact(n)], shape);
    }

    /** The backing array (not a copy). */
    public float[] data() {
        return data;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i];
    }

    public int size() {
        return data.length;
    }

    /** Elements per entry of the first dimension. */
    public int rowSize() {
        return shape.length == 0 || shape[0] == 0 ? 0 : data.length / shape[0];
    }

    /** A copy of row {@code i} along the first dimension. */
    public float[] row(int i) {
        int r = rowSize();
        return Arrays.copyOfRange(data, i * r, (i + 1) * r);
    }

    /** The same data with another shape of equal size. */
    public Tensor reshape(int... newShape) {
        return new Tensor(data, newShape);
    }

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) along the first dimension, copied. */
    public Tensor slice(int from, int to) {
        int r = rowSize();
        int[] s = shape.clone();
        s[0] = to - from;
        return new Tensor(Arrays.copyOfRange(data, from * r, to * r), s);
    }

    /** Largest absolute value, 0 for an empty tensor. */
    public float maxAbs() {
        float m = 0;
        for (float v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Largest absolute element-wise difference to a tensor of the same shape. */
    public float maxAbsDiff(Tensor other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(shape) + " vs "
                    + Arrays.toString(other.shape));
        }
        float m = 0;
        for (int i = 0; i < data.length; i++) {
            m = Math.max(m, Math.abs(data[i] - other.data[i]));
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
