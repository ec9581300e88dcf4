package org.tl4j.spi;

import java.util.Locale;

/** Where a backend runs: {@code AUTO} takes a GPU when one is visible and falls back to the CPU. */
public enum Device {
    AUTO, CPU, GPU;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
