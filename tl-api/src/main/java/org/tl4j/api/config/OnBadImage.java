package org.tl4j.api.config;

import java.util.Locale;
import org.apiguardian.api.API;

/** What a run does with an image that cannot be decoded ({@code data.on-bad-image}). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum OnBadImage {
    /** Skip it with a warning naming the file; it is counted and listed in the report. */
    SKIP,
    /** Stop the run with a {@link org.tl4j.api.DataException} naming the file. */
    FAIL;

    /** The config spelling: {@code skip} or {@code fail}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
