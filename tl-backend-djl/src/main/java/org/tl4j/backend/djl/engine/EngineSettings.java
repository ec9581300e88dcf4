package org.tl4j.backend.djl.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.Device;

/**
 * The settings of a djl engine, read once from {@link BackendOptions} and validated: the device asked for, CPU
 * threads (0 = all cores the JVM may use), the seed, and the djl-specific keys of {@code tl4j.backend.options}:
 * <ul>
 * <li>{@code batch-size} — most examples per ONNX Runtime call (larger batches are split), default 64;
 * <li>{@code optimization} — ONNX Runtime graph optimisation: {@code all} (default), {@code extended},
 * {@code basic} or {@code none}.
 * </ul>
 */
public record EngineSettings(Device device, int threads, long seed, int batchSize, String optimization) {
    /** The djl keys of {@code tl4j.backend.options}. */
    static final Set<String> KEYS = Set.of("batch-size", "optimization");
    private static final List<String> OPTIMIZATIONS = List.of("all", "extended", "basic", "none");

    /** Reads and validates the options; throws a {@link org.tl4j.api.ConfigException} naming a bad key. */
    public static EngineSettings from(BackendOptions options) {
        Config backend = options.options() == null ? ConfigFactory.empty() : options.options();
        Config opts = backend.hasPath("options") ? backend.getConfig("options") : ConfigFactory.empty();
        for (String key : opts.root().keySet()) {
            if (!KEYS.contains(key)) {
                throw new org.tl4j.api.ConfigException("tl4j.backend.options." + key + " ("
                        + opts.origin().description() + ") is not a setting of the djl backend; it knows "
                        + KEYS.stream().sorted().toList());
            }
        }
        int batch = 64;
        String optimization = "all";
        try {
            if (opts.hasPath("batch-size")) {
                batch = opts.getInt("batch-size");
            }
            if (opts.hasPath("optimization")) {
                optimization = opts.getString("optimization").toLowerCase(Locale.ROOT);
            }
        } catch (ConfigException e) {
            throw new org.tl4j.api.ConfigException(e.getMessage(), e);
        }
        if (batch < 1) {
            throw new org.tl4j.api.ConfigException("tl4j.backend.options.batch-size = " + batch
                    + " must be at least 1");
        }
        if (!OPTIMIZATIONS.contains(optimization)) {
            throw new org.tl4j.api.ConfigException("tl4j.backend.options.optimization = " + optimization
                    + " is not one of " + OPTIMIZATIONS);
        }
        if (options.threads() < 0) {
            throw new org.tl4j.api.ConfigException("tl4j.backend.threads = " + options.threads()
                    + " must be 0 (all cores) or more");
        }
        Device device = options.device() == null ? Device.AUTO : options.device();
        return new EngineSettings(device, options.threads(), options.seed(), batch, optimization);
    }

    /** The thread count to use: the configured one, or every core the JVM may use (cgroup limits included). */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** ONNX Runtime's name of the optimisation level. */
    String ortOptLevel() {
        return switch (optimization) {
            case "none" -> "NO_OPT";
            case "basic" -> "BASIC_OPT";
            case "extended" -> "EXTENDED_OPT";
            default -> "ALL_OPT";
        };
    }
}
