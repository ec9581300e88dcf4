package org.tl4j.spi;

import java.util.Locale;
import org.apiguardian.api.API;

/** Where a backend runs: {@code AUTO} takes a GPU when one is visible and falls back to the CPU. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Device {
    AUTO, CPU, GPU;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
