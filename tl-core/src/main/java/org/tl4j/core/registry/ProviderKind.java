package org.tl4j.core.registry;

import java.util.List;
import java.util.Locale;
import org.tl4j.core.train.Trainer;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.Backend;
import org.tl4j.spi.Freezer;
import org.tl4j.spi.Head;
import org.tl4j.spi.Provider;

/** The five kinds of provider tl4j discovers. */
public enum ProviderKind {
    BACKBONE(Backbone.class), HEAD(Head.class), FREEZER(Freezer.class), TRAINER(Trainer.class),
    BACKEND(Backend.class);

    private final Class<? extends Provider> type;

    ProviderKind(Class<? extends Provider> type) {
        this.type = type;
    }

    public Class<? extends Provider> type() {
        return type;
    }

    /** Lower-case name used in messages and {@code tl list}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of an SPI type. */
    public static ProviderKind of(Class<?> type) {
        for (ProviderKind k : values()) {
            if (k.type == type) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a provider type: " + type);
    }

    static List<ProviderKind> all() {
        return List.of(values());
    }
}
