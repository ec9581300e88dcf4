package org.tl4j.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.weights.Initializers;
import org.tl4j.backend.djl.engine.DjlEngine;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.OptimizerSpec;

/**
 * Head epochs at the size the issue names (10,000 cached 1,280-d features). Only correctness is asserted here;
 * {@link HeadBenchmark} prints the time.
 */
class HeadEpochTests {
    @Test
    void theSeedsHeadLearnsFromTenThousandCachedFeatures() {
        HeadEpoch data = new HeadEpoch(10_000, 1280, 5, 1);
        Graph head = data.linearHead();
        try (DjlEngine engine = TestEngines.cpu();
                CompiledModel m = engine.compile(head, Initializers.keras(head, 1), Set.of("dropout", "predictions"),
                        OptimizerSpec.adam(1e-3))) {
            double first = data.run(m);
            double second = data.run(m);
            assertThat(second).isLessThan(first);
            assertThat(m.loss(data.features.slice(0, 1000), java.util.Arrays.copyOf(data.labels, 1000)))
                    .isLessThan(0.1f);
        }
    }
}
