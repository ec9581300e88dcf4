package org.tl4j.backend.djl;

import com.typesafe.config.ConfigFactory;
import java.util.Locale;
import java.util.Set;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.weights.Initializers;
import org.tl4j.backend.djl.engine.DjlEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.Device;
import org.tl4j.spi.OptimizerSpec;

/**
 * Prints the time of one head epoch on 10,000 cached 1,280-d features (batch 32, Adam): the seed's linear head and a
 * 256-unit MLP head. Run with {@code bench/run.sh} or
 * {@code java -cp <test class path> org.tl4j.backend.djl.HeadBenchmark [threads]}.
 */
public final class HeadBenchmark {
    private HeadBenchmark() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        HeadEpoch data = new HeadEpoch(10_000, 1280, 5, 1);
        try (DjlEngine engine = DjlEngine.open(new BackendOptions(Device.CPU, threads, 42, ConfigFactory.empty()))) {
            time(engine, data, data.linearHead(), "linear (Dropout → Dense 5)");
            time(engine, data, data.mlpHead(256), "mlp (Dense 256 relu → Dropout → Dense 5)");
        }
    }

    private static void time(DjlEngine engine, HeadEpoch data, Graph head, String name) {
        Set<String> trainable = new java.util.HashSet<>();
        head.nodes().stream().skip(1).forEach(n -> trainable.add(n.name()));
        try (CompiledModel m = engine.compile(head, Initializers.keras(head, 1), trainable,
                OptimizerSpec.adam(1e-3))) {
            data.run(m);
            data.run(m);
            int epochs = 5;
            long start = System.nanoTime();
            double loss = 0;
            for (int e = 0; e < epochs; e++) {
                loss = data.run(m);
            }
            double ms = (System.nanoTime() - start) / 1e6 / epochs;
            System.out.printf(Locale.ROOT, "head epoch, %s: %.1f ms (10,000 × 1,280 features, batch %d, %d threads,"
                    + " last loss %.4f)%n", name, ms, HeadEpoch.BATCH, engine.settings().effectiveThreads(), loss);
        }
    }
}
