package org.tl4j.spi;

import com.typesafe.config.Config;
import org.apiguardian.api.API;

/**
 * How a backend engine is opened.
 *
 * @param device  where to run
 * @param threads CPU threads; 0 means all cores
 * @param seed    seed for anything random inside the backend (dropout masks, initialisers)
 * @param options the {@code tl4j.backend} config subtree, for backend-specific keys
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record BackendOptions(Device device, int threads, long seed, Config options) {
}
