package org.tl4j.core.data;

import java.util.Arrays;
import java.util.Locale;
import org.tl4j.api.TlConfigException;

/** What a run does with an image that cannot be decoded ({@code data.on-bad-image}). */
public enum OnBadImage {
    /** Skip it with a warning naming the file; it is counted and listed in the report. */
    SKIP,
    /** Stop the run with a {@link org.tl4j.api.DataException} naming the file. */
    FAIL;

    /** The config spelling: {@code skip} or {@code fail}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the config spelling. */
    public static OnBadImage fromId(String id) {
        for (OnBadImage p : values()) {
            if (p.id().equalsIgnoreCase(id.trim())) {
                return p;
            }
        }
        throw new TlConfigException("unknown on-bad-image policy '" + id + "'; allowed: "
                + Arrays.stream(values()).map(OnBadImage::id).toList());
    }
}
