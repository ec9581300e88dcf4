package org.tl4j.core.data;

import java.util.Arrays;
import java.util.Locale;
import org.tl4j.api.TlConfigException;

/** Which random flips augmentation may apply, as Keras's {@code RandomFlip(mode)}. */
public enum FlipMode {
    NONE, HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL;

    /** The config spelling, Keras's: {@code none}, {@code horizontal}, {@code vertical}, {@code horizontal_and_vertical}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean horizontal() {
        return this == HORIZONTAL || this == HORIZONTAL_AND_VERTICAL;
    }

    public boolean vertical() {
        return this == VERTICAL || this == HORIZONTAL_AND_VERTICAL;
    }

    /** Parses the config spelling ({@code both} and hyphens are accepted too). */
    public static FlipMode fromId(String id) {
        String s = id.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (s.equals("both")) {
            return HORIZONTAL_AND_VERTICAL;
        }
        for (FlipMode m : values()) {
            if (m.id().equals(s)) {
                return m;
            }
        }
        throw new TlConfigException("unknown flip mode '" + id + "'; allowed: "
                + Arrays.stream(values()).map(FlipMode::id).toList());
    }
}
