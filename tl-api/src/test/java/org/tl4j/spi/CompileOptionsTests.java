package org.tl4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tl4j.api.BackendException;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.weights.Weights;

/** {@link CompileOptions} and the default {@link BackendEngine#compile} that serves backends predating them. */
final class CompileOptionsTests {
    private static final CompileOptions TRAIN = CompileOptions.DEFAULTS.withBatchNorm(BatchNormMode.TRAIN);

    /** An engine implementing only the four-argument compile, as backends written before CompileOptions do. */
    private static final class OldEngine implements BackendEngine {
        final List<Set<String>> compiled = new ArrayList<>();

        @Override
        public List<String> devices() {
            return List.of("cpu:0");
        }

        @Override
        public String device() {
            return "cpu:0";
        }

        @Override
        public CompiledModel compile(Graph graph, Weights weights, Set<String> trainable, OptimizerSpec optimizer) {
            compiled.add(trainable);
            return null;
        }

        @Override
        public void close() {
        }
    }

    private static Graph graph() {
        GraphBuilder b = Graph.builder("g");
        String x = b.add(new Input("in", Shape.of(3)));
        x = b.add(new BatchNorm("bn", x, 1e-3, 0.99));
        b.add(new Dense("dense", x, 2, true, ActivationFn.SOFTMAX));
        return b.build();
    }

    @Test
    void defaultsKeepBatchNormInInferenceMode() {
        assertThat(CompileOptions.DEFAULTS.batchNorm()).isEqualTo(BatchNormMode.INFERENCE);
        assertThat(TRAIN.batchNorm().id()).isEqualTo("train");
        assertThatThrownBy(() -> new CompileOptions(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anOldBackendCompilesWhenTheOptionsChangeNothing() {
        OldEngine e = new OldEngine();
        Weights w = Weights.of(Map.of());
        OptimizerSpec adam = OptimizerSpec.adam(0.001);
        e.compile(graph(), w, Set.of("bn", "dense"), adam, CompileOptions.DEFAULTS);
        e.compile(graph(), w, Set.of("dense"), adam, TRAIN);
        e.compile(graph(), w, Set.of("bn"), null, TRAIN);
        assertThat(e.compiled).containsExactly(Set.of("bn", "dense"), Set.of("dense"), Set.of("bn"));
    }

    @Test
    void anOldBackendRefusesBatchStatisticsItCannotCompute() {
        OldEngine e = new OldEngine();
        assertThatThrownBy(() -> e.compile(graph(), Weights.of(Map.of()), Set.of("bn", "dense"),
                OptimizerSpec.adam(0.001), TRAIN))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot train BatchNorm layers on batch statistics (capability "
                        + "TRAIN_BATCHNORM)")
                .hasMessageContaining("tl4j.trainer.batchnorm = inference");
        assertThat(e.compiled).isEmpty();
    }
}
