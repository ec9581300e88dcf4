package org.tl4j.spi;

import java.util.List;
import java.util.Set;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.weights.Weights;

/** A loaded execution engine: compiles graphs with their weights into runnable models. */
public interface BackendEngine extends AutoCloseable {

    /** The devices this engine sees, e.g. {@code cpu:0}, {@code gpu:0 (NVIDIA H100)}. */
    List<String> devices();

    /** The device models run on, after resolving {@code auto}. */
    String device();

    /**
     * Compiles a graph.
     *
     * @param graph     the graph (base, head, or base followed by head)
     * @param weights   a value for every weight of the graph ({@link Weights#checkFits})
     * @param trainable names of the layers whose weights train; empty for inference only
     * @param optimizer the optimizer for {@link CompiledModel#trainStep}; null for inference only
     */
    CompiledModel compile(Graph graph, Weights weights, Set<String> trainable, OptimizerSpec optimizer);

    @Override
    void close();
}
