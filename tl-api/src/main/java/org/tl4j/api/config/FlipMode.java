package org.tl4j.api.config;

import java.util.Locale;
import org.apiguardian.api.API;

/** Which random flips augmentation may apply, as Keras's {@code RandomFlip(mode)}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum FlipMode {
    NONE, HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL;

    /**
     * Keras's spelling: {@code none}, {@code horizontal}, {@code vertical}, {@code horizontal_and_vertical} (part of
     * the feature cache's key for augmented views, so it stays as it is).
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The spelling of {@code data.augment.flip}: Keras's, with {@code both} for {@link #HORIZONTAL_AND_VERTICAL}. */
    public String configId() {
        return this == HORIZONTAL_AND_VERTICAL ? "both" : id();
    }

    public boolean horizontal() {
        return this == HORIZONTAL || this == HORIZONTAL_AND_VERTICAL;
    }

    public boolean vertical() {
        return this == VERTICAL || this == HORIZONTAL_AND_VERTICAL;
    }
}
