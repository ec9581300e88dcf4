package org.tl4j.backend.djl.head;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The dense-layer arithmetic of the JVM head trainer. Matrices are arrays of rows ({@code float[rows][cols]}) and every
 * inner loop runs over whole rows from index 0: that is the form HotSpot's C2 vectorises (in JDK 17 it leaves loops
 * over {@code a[off + j]} with run-time offsets scalar, 4–6× slower here). Narrow layers (few units, e.g. the
 * classifier) use dot products or work through the transposed kernel, so that no inner loop runs over the few units.
 * Large products are split over a fork-join pool by blocks of output rows, never inside one sum, and each sum runs in
 * the same order whatever the thread count: training is deterministic.
 */
final class Kernels {
    /** Products smaller than this many multiply-adds run on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 22;
    /** Layers with fewer units take the narrow paths. */
    private static final int NARROW = 16;
    /** Rows per block: the block's outputs stay in cache while the kernel streams past once. */
    private static final int ROWS = 32;

    private final ForkJoinPool pool;

    /** Kernels running large products on {@code pool}; null runs everything on the calling thread. */
    Kernels(ForkJoinPool pool) {
        this.pool = pool;
    }

    /** {@code y[n][m] = x[n][k] · w[k][m] + bias} (bias may be null). */
    void forward(float[][] x, float[][] w, float[] bias, float[][] y) {
        int n = x.length;
        int k = w.length;
        int m = bias != null ? bias.length : y[0].length;
        float[][] wt = m < NARROW ? transpose(w, m) : null;
        blocks(n, ROWS, (long) n * k * m, r0 -> {
            int r1 = Math.min(n, r0 + ROWS);
            for (int r = r0; r < r1; r++) {
                if (bias != null) {
                    System.arraycopy(bias, 0, y[r], 0, m);
                } else {
                    java.util.Arrays.fill(y[r], 0f);
                }
            }
            if (wt != null) {
                for (int r = r0; r < r1; r++) {
                    for (int j = 0; j < m; j++) {
                        y[r][j] += dot(x[r], wt[j], k);
                    }
                }
                return;
            }
            for (int i = 0; i < k; i++) {
                float[] wi = w[i];
                for (int r = r0; r < r1; r++) {
                    float xv = x[r][i];
                    if (xv != 0f) {
                        axpy(y[r], wi, xv, m);
                    }
                }
            }
        });
    }

    /** {@code dw[k][m] += xᵀ · dz} for {@code x[n][k]}, {@code dz[n][m]}; the rows of {@code x} are summed in order. */
    void kernelGradient(float[][] x, float[][] dz, float[][] dw) {
        int n = x.length;
        int k = dw.length;
        int m = dw[0].length;
        if (m < NARROW) {
            float[][] gt = new float[m][k];
            blocks(m, 1, (long) n * k * m, j -> {
                for (int r = 0; r < n; r++) {
                    float d = dz[r][j];
                    if (d != 0f) {
                        axpy(gt[j], x[r], d, k);
                    }
                }
            });
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < m; j++) {
                    dw[i][j] += gt[j][i];
                }
            }
            return;
        }
        blocks(k, ROWS, (long) n * k * m, i0 -> {
            int i1 = Math.min(k, i0 + ROWS);
            for (int r = 0; r < n; r++) {
                float[] xr = x[r];
                float[] dzr = dz[r];
                for (int i = i0; i < i1; i++) {
                    float xv = xr[i];
                    if (xv != 0f) {
                        axpy(dw[i], dzr, xv, m);
                    }
                }
            }
        });
    }

    /** {@code db[m] += Σ_rows dz}. */
    static void biasGradient(float[][] dz, float[] db) {
        for (float[] row : dz) {
            axpy(db, row, 1f, db.length);
        }
    }

    /** {@code dx[n][k] = dz[n][m] · wᵀ} for {@code w[k][m]}. */
    void inputGradient(float[][] dz, float[][] w, float[][] dx) {
        int n = dz.length;
        int k = w.length;
        int m = w[0].length;
        float[][] wt = m < NARROW ? transpose(w, m) : null;
        blocks(n, ROWS, (long) n * k * m, r0 -> {
            for (int r = r0; r < Math.min(n, r0 + ROWS); r++) {
                if (wt != null) {
                    java.util.Arrays.fill(dx[r], 0f);
                    for (int j = 0; j < m; j++) {
                        axpy(dx[r], wt[j], dz[r][j], k);
                    }
                } else {
                    for (int i = 0; i < k; i++) {
                        dx[r][i] = dot(dz[r], w[i], m);
                    }
                }
            }
        });
    }

    /** {@code y[0..n) += a · x[0..n)}. */
    static void axpy(float[] y, float[] x, float a, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a * x[j];
        }
    }

    /** {@code Σ a[i]·b[i]} over {@code [0, n)}, in four interleaved partial sums (a fixed order). */
    static float dot(float[] a, float[] b, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static float[][] transpose(float[][] w, int m) {
        float[][] t = new float[m][w.length];
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < m; j++) {
                t[j][i] = w[i][j];
            }
        }
        return t;
    }

    /** Runs {@code block} for each block start {@code 0, size, 2·size, …} below {@code count}. */
    private void blocks(int count, int size, long work, IntConsumer block) {
        int blocks = (count + size - 1) / size;
        if (pool == null || work < PARALLEL_WORK || blocks < 2) {
            for (int b = 0; b < blocks; b++) {
                block.accept(b * size);
            }
        } else {
            pool.submit(() -> IntStream.range(0, blocks).parallel().forEach(b -> block.accept(b * size))).join();
        }
    }
}
