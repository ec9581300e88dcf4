package org.tl4j.spi;

import org.apiguardian.api.API;

/**
 * What every tl4j provider has: a stable id used in config files and a one-line description. Providers are cheap to
 * construct: a provider must not load native libraries or big files until it is asked to work.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface Provider {
    /** The stable id, e.g. {@code mobilenet_v2}; non-blank, unique among providers of the same kind. */
    String id();

    /** One line for {@code tl list}. */
    String description();
}
