package org.tl4j.api.config;

import java.util.Locale;
import org.apiguardian.api.API;

/** How per-class loss weights are chosen ({@code data.class-weights}). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum ClassWeighting {
    /** Every class weighs 1. */
    NONE,
    /** {@code n / (k · n_c)}, scikit-learn's {@code balanced}: each class contributes equally to the loss. */
    BALANCED;

    /** The config spelling: {@code none} or {@code balanced}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
