package org.tl4j.api.config;

import java.util.Locale;
import org.apiguardian.api.API;

/** Where a run keeps the features of its frozen base ({@code data.cache.mode}). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum CacheMode {
    /** In memory, for this run only. */
    MEMORY,
    /** In {@code data.cache.dir}, shared by later runs with the same feature key. */
    DISK,
    /** Not kept: every epoch runs the base again. */
    NONE;

    /** The config spelling: {@code memory}, {@code disk} or {@code none}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
