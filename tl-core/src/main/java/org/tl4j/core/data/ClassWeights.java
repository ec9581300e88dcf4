package org.tl4j.core.data;

import java.util.Arrays;
import org.tl4j.api.DataException;
import org.tl4j.api.config.ClassWeighting;

/** Per-class loss weights for imbalanced data ({@code data.class-weights}). */
public final class ClassWeights {
    private ClassWeights() {
    }

    /** The weights for a mode and the training set's class counts; classes without images get 0. */
    public static float[] of(ClassWeighting mode, int[] counts) {
        float[] w = new float[counts.length];
        if (mode == ClassWeighting.NONE) {
            Arrays.fill(w, 1f);
            return w;
        }
        return balanced(counts);
    }

    /** {@code n / (k · n_c)} for the classes present ({@code k} counts only those); 0 for absent classes. */
    public static float[] balanced(int[] counts) {
        long n = Arrays.stream(counts).asLongStream().sum();
        long present = Arrays.stream(counts).filter(c -> c > 0).count();
        if (n == 0) {
            throw new DataException("cannot weight classes of an empty training set");
        }
        float[] w = new float[counts.length];
        for (int c = 0; c < counts.length; c++) {
            w[c] = counts[c] == 0 ? 0f : (float) ((double) n / (present * counts[c]));
        }
        return w;
    }

    /** The weight of each example, from its class. */
    public static float[] perExample(float[] classWeights, int[] labels) {
        float[] out = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = classWeights[labels[i]];
        }
        return out;
    }
}
