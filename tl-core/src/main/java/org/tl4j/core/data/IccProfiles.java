package org.tl4j.core.data;

import java.util.Arrays;
import java.util.Locale;
import org.tl4j.api.TlConfigException;

/** What happens to a JPEG's embedded ICC colour profile ({@code data.icc}). */
public enum IccProfiles {
    /** The samples are taken as they are, as TensorFlow, Keras and PIL take them. */
    IGNORE,
    /** The samples are converted from the embedded profile to sRGB (TwelveMonkeys' reader, accurate IDCT). */
    APPLY;

    /** The config spelling: {@code ignore} or {@code apply}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the config spelling. */
    public static IccProfiles fromId(String id) {
        for (IccProfiles p : values()) {
            if (p.id().equalsIgnoreCase(id.trim())) {
                return p;
            }
        }
        throw new TlConfigException("unknown ICC profile handling '" + id + "'; allowed: "
                + Arrays.stream(values()).map(IccProfiles::id).toList());
    }
}
