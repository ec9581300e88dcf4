package org.tl4j.spi;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Settings of {@link BackendEngine#compile(org.tl4j.api.graph.Graph, org.tl4j.api.weights.Weights, java.util.Set,
 * OptimizerSpec, CompileOptions)} beyond the graph, its weights, the trainable layers and the optimizer. New settings
 * are added here with a default, so that existing callers and backends keep working.
 *
 * @param batchNorm how trainable BatchNorm layers run in training steps
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record CompileOptions(BatchNormMode batchNorm) {
    /** The defaults: BatchNorm on moving statistics everywhere (Keras {@code training=False}). */
    public static final CompileOptions DEFAULTS = new CompileOptions(BatchNormMode.INFERENCE);

    public CompileOptions {
        Objects.requireNonNull(batchNorm, "batchNorm");
    }

    /** The same options with another BatchNorm mode. */
    public CompileOptions withBatchNorm(BatchNormMode mode) {
        return new CompileOptions(mode);
    }
}
