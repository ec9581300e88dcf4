package org.tl4j.api.config;

import java.util.Locale;
import org.apiguardian.api.API;

/** What happens to a JPEG's embedded ICC colour profile ({@code data.icc}). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum IccProfiles {
    /** The samples are taken as they are, as TensorFlow, Keras and PIL take them. */
    IGNORE,
    /** The samples are converted from the embedded profile to sRGB (TwelveMonkeys' reader, accurate IDCT). */
    APPLY;

    /** The config spelling: {@code ignore} or {@code apply}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
