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
 * threads (resolved: {@link BackendOptions#cpuThreads()}), the seed, and the djl-specific keys of {@code tl4j.backend.options}:
 * <ul>
 * <li>{@code batch-size} — most examples per ONNX Runtime call (larger batches are split into equal parts), or
 * {@code auto} (the default): as many as keep the largest activation of one call under {@value #AUTO_BUDGET_MB} MB,
 * at most {@value #AUTO_MAX}, so that VGG16 at 224×224 does not hold 400 MB feature maps of 32 images at once;
 * <li>{@code optimization} — ONNX Runtime graph optimisation: {@code all} (default), {@code extended},
 * {@code basic} or {@code none}.
 * </ul>
 */
public record EngineSettings(Device device, int threads, long seed, int batchSize, String optimization) {
    /** The djl keys of {@code tl4j.backend.options}. */
    public static final Set<String> KEYS = Set.of("batch-size", "optimization");
    /** {@code batch-size = auto}: the largest activation of one ONNX Runtime call stays under this many MB. */
    static final int AUTO_BUDGET_MB = 128;
    /** {@code batch-size = auto}: at most this many examples per call. */
    static final int AUTO_MAX = 64;
    /** {@link #batchSize} of {@code batch-size = auto}. */
    static final int AUTO = 0;
    private static final List<String> OPTIMIZATIONS = List.of("all", "extended", "basic", "none");

    /** Reads and validates the options; throws a {@link org.tl4j.api.TlConfigException} naming a bad key. */
    public static EngineSettings from(BackendOptions options) {
        Config backend = options.options() == null ? ConfigFactory.empty() : options.options();
        Config opts = backend.hasPath("options") ? backend.getConfig("options") : ConfigFactory.empty();
        for (String key : opts.root().keySet()) {
            if (!KEYS.contains(key)) {
                throw new org.tl4j.api.TlConfigException("tl4j.backend.options." + key + " ("
                        + opts.origin().description() + ") is not a setting of the djl backend; it knows "
                        + KEYS.stream().sorted().toList());
            }
        }
        int batch = AUTO;
        String optimization = "all";
        try {
            if (opts.hasPath("batch-size") && !opts.getValue("batch-size").unwrapped().equals("auto")) {
                batch = opts.getInt("batch-size");
                if (batch < 1) {
                    throw new org.tl4j.api.TlConfigException("tl4j.backend.options.batch-size = " + batch
                            + " must be auto or at least 1");
                }
            }
            if (opts.hasPath("optimization")) {
                optimization = opts.getString("optimization").toLowerCase(Locale.ROOT);
            }
        } catch (ConfigException e) {
            throw new org.tl4j.api.TlConfigException(e.getMessage(), e);
        }
        if (!OPTIMIZATIONS.contains(optimization)) {
            throw new org.tl4j.api.TlConfigException("tl4j.backend.options.optimization = " + optimization
                    + " is not one of " + OPTIMIZATIONS);
        }
        Device device = options.device() == null ? Device.AUTO : options.device();
        return new EngineSettings(device, options.cpuThreads(), options.seed(), batch, optimization);
    }

    /**
     * Most examples per ONNX Runtime call for a graph: the configured {@code batch-size}, or for {@code auto} as
     * many as keep its largest activation (known sizes only) under {@value #AUTO_BUDGET_MB} MB.
     */
    public int chunkFor(org.tl4j.api.graph.Graph graph) {
        if (batchSize != AUTO) {
            return batchSize;
        }
        long largest = 1;
        for (org.tl4j.api.graph.Node n : graph.nodes()) {
            org.tl4j.api.graph.Shape s = graph.shape(n.name());
            if (s.isKnown()) {
                largest = Math.max(largest, s.size() * Float.BYTES);
            }
        }
        return (int) Math.max(1, Math.min(AUTO_MAX, ((long) AUTO_BUDGET_MB << 20) / largest));
    }

    /** The thread count to use ({@link BackendOptions#cpuThreads()}). */
    public int effectiveThreads() {
        return threads;
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
