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

    /** Checks the thread count (the config loader has already refused what users can write wrong). */
    public BackendOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads = " + threads + "; expected 0 (all cores) or more");
        }
    }

    /**
     * The CPU threads a backend uses: {@link #threads()}, or with 0 every core the JVM may use (cgroup limits
     * included). The one place where "0 = all cores" is resolved.
     */
    public int cpuThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
