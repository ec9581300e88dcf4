package org.tl4j.spi;

import com.typesafe.config.Config;

/**
 * How a backend engine is opened.
 *
 * @param device  where to run
 * @param threads CPU threads; 0 means all cores
 * @param seed    seed for anything random inside the backend (dropout masks, initialisers)
 * @param options the {@code tl4j.backend} config subtree, for backend-specific keys
 */
public record BackendOptions(Device device, int threads, long seed, Config options) {
}
