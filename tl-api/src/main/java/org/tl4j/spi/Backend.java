package org.tl4j.spi;

import java.util.Set;
import org.apiguardian.api.API;

/**
 * A cheap provider for an execution engine. {@link #capabilities()} and {@link #description()} must work without
 * loading native code; {@link #open} loads the engine (natives, devices) and may fail with a
 * {@link org.tl4j.api.BackendException} that says how to fix it.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Backend extends Provider {

    /** What this backend can do. */
    Set<Capability> capabilities();

    /** The engine and version, e.g. {@code TensorFlow Java 1.1.0}, without loading it. */
    String engineVersion();

    /**
     * The keys this backend reads from {@code tl4j.backend.options} (the object's top-level keys). tl4j refuses any
     * other key there before a run starts, naming the nearest declared one. By default none.
     */
    default Set<String> optionKeys() {
        return Set.of();
    }

    /** Loads the engine. The caller closes it. */
    BackendEngine open(BackendOptions options);
}
