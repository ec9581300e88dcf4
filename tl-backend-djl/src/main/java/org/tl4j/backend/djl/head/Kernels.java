package org.tl4j.backend.djl.head;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The dense-layer arithmetic of the JVM head trainer on row-major float arrays. Every inner loop runs over a
 * contiguous run of at least 16 floats where the shapes allow it, so that the JIT vectorises it: for narrow layers
 * (few units, e.g. the classifier) over the batch or the input features, for wide ones over the units, with the
 * kernel read once per block of rows. Large products are split over a fork-join pool by blocks of output elements,
 * never inside one sum, and each sum runs in the same order whatever the thread count: training is deterministic.
 */
final class Kernels {
    /** Products smaller than this many multiply-adds run on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 22;
    /** Layers with fewer units take the narrow paths. */
    private static final int NARROW = 16;
    /** Rows per block: the block's outputs stay in L1/L2 while the kernel streams past once. */
    private static final int ROWS = 32;

    private final ForkJoinPool pool;

    /** Kernels running large products on {@code pool}; null runs everything on the calling thread. */
    Kernels(ForkJoinPool pool) {
        this.pool = pool;
    }

    /** {@code y[n×m] = x[n×k] · w[k×m] + bias} (bias may be null). */
    void forward(float[] x, float[] w, float[] bias, float[] y, int n, int k, int m) {
        blocks(n, ROWS, (long) n * k * m, r0 -> {
            int r1 = Math.min(n, r0 + ROWS);
            if (m < NARROW) {
                forwardNarrow(x, w, bias, y, r0, r1, k, m);
            } else {
                forwardWide(x, w, bias, y, r0, r1, k, m);
            }
        });
    }

    /** Rows {@code r0..r1}: for each kernel row, every row of the block gets {@code x[r, i] · w[i, :]}. */
    private static void forwardWide(float[] x, float[] w, float[] bias, float[] y, int r0, int r1, int k, int m) {
        for (int r = r0; r < r1; r++) {
            if (bias != null) {
                System.arraycopy(bias, 0, y, r * m, m);
            } else {
                Arrays.fill(y, r * m, (r + 1) * m, 0f);
            }
        }
        for (int i = 0; i < k; i++) {
            int wo = i * m;
            for (int r = r0; r < r1; r++) {
                float xv = x[r * k + i];
                if (xv != 0f) {
                    int yo = r * m;
                    for (int j = 0; j < m; j++) {
                        y[yo + j] += xv * w[wo + j];
                    }
                }
            }
        }
    }

    /** Rows {@code r0..r1} with the block transposed, so that the inner loop runs over the rows. */
    private static void forwardNarrow(float[] x, float[] w, float[] bias, float[] y, int r0, int r1, int k, int m) {
        int nb = r1 - r0;
        float[] xt = new float[k * nb];
        for (int r = 0; r < nb; r++) {
            int xo = (r0 + r) * k;
            for (int i = 0; i < k; i++) {
                xt[i * nb + r] = x[xo + i];
            }
        }
        float[] yt = new float[m * nb];
        for (int j = 0; j < m; j++) {
            Arrays.fill(yt, j * nb, (j + 1) * nb, bias == null ? 0f : bias[j]);
            int yo = j * nb;
            for (int i = 0; i < k; i++) {
                float wv = w[i * m + j];
                if (wv != 0f) {
                    int xo = i * nb;
                    for (int r = 0; r < nb; r++) {
                        yt[yo + r] += wv * xt[xo + r];
                    }
                }
            }
        }
        for (int r = 0; r < nb; r++) {
            for (int j = 0; j < m; j++) {
                y[(r0 + r) * m + j] = yt[j * nb + r];
            }
        }
    }

    /** {@code dw[k×m] += xᵀ · dz} for {@code x[n×k]}, {@code dz[n×m]}; the rows of {@code x} are summed in order. */
    void kernelGradient(float[] x, float[] dz, float[] dw, int n, int k, int m) {
        if (m < NARROW) {
            kernelGradientNarrow(x, dz, dw, n, k, m);
            return;
        }
        blocks(k, 16, (long) n * k * m, i0 -> {
            int i1 = Math.min(k, i0 + 16);
            for (int r = 0; r < n; r++) {
                int xo = r * k;
                int zo = r * m;
                for (int i = i0; i < i1; i++) {
                    float xv = x[xo + i];
                    if (xv != 0f) {
                        int wo = i * m;
                        for (int j = 0; j < m; j++) {
                            dw[wo + j] += xv * dz[zo + j];
                        }
                    }
                }
            }
        });
    }

    /** Accumulates into a transposed {@code m×k} buffer, whose rows are long and contiguous, then adds it. */
    private void kernelGradientNarrow(float[] x, float[] dz, float[] dw, int n, int k, int m) {
        float[] gt = new float[m * k];
        blocks(m, 1, (long) n * k * m, j -> {
            int go = j * k;
            for (int r = 0; r < n; r++) {
                float d = dz[r * m + j];
                if (d != 0f) {
                    int xo = r * k;
                    for (int i = 0; i < k; i++) {
                        gt[go + i] += d * x[xo + i];
                    }
                }
            }
        });
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < m; j++) {
                dw[i * m + j] += gt[j * k + i];
            }
        }
    }

    /** {@code db[m] += Σ_rows dz}. */
    static void biasGradient(float[] dz, float[] db, int n, int m) {
        for (int r = 0; r < n; r++) {
            int zo = r * m;
            for (int j = 0; j < m; j++) {
                db[j] += dz[zo + j];
            }
        }
    }

    /** {@code dx[n×k] = dz[n×m] · wᵀ} for {@code w[k×m]}: each row of {@code dx} sums the kernel rows, weighted. */
    void inputGradient(float[] dz, float[] w, float[] dx, int n, int k, int m) {
        blocks(n, ROWS, (long) n * k * m, r0 -> {
            for (int r = r0; r < Math.min(n, r0 + ROWS); r++) {
                int zo = r * m;
                int xo = r * k;
                if (m < NARROW) {
                    Arrays.fill(dx, xo, xo + k, 0f);
                    for (int j = 0; j < m; j++) {
                        float d = dz[zo + j];
                        for (int i = 0; i < k; i++) {
                            dx[xo + i] += d * w[i * m + j];
                        }
                    }
                } else {
                    for (int i = 0; i < k; i++) {
                        int wo = i * m;
                        float s = 0f;
                        for (int j = 0; j < m; j++) {
                            s += dz[zo + j] * w[wo + j];
                        }
                        dx[xo + i] = s;
                    }
                }
            }
        });
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
