package org.tl4j.spi;

import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;
import org.tl4j.api.BackendException;
import org.tl4j.api.graph.BatchNorm;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.weights.Weights;

/** A loaded execution engine: compiles graphs with their weights into runnable models. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
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

    /**
     * Compiles a graph with further options, e.g. BatchNorm on batch statistics in training steps
     * ({@link BatchNormMode#TRAIN}, capability {@link Capability#TRAIN_BATCHNORM}). The default implementation serves
     * backends that predate the options: it compiles with {@link #compile(Graph, Weights, Set, OptimizerSpec)} when the
     * options change nothing for this graph, and otherwise throws a {@link BackendException}.
     *
     * @param options settings beyond the four of {@link #compile(Graph, Weights, Set, OptimizerSpec)}
     */
    default CompiledModel compile(Graph graph, Weights weights, Set<String> trainable, OptimizerSpec optimizer,
            CompileOptions options) {
        if (options.batchNorm() == BatchNormMode.TRAIN && optimizer != null
                && graph.nodes().stream().anyMatch(n -> n instanceof BatchNorm
                        && trainable.contains(n.name()))) {
            throw new BackendException("this backend cannot train BatchNorm layers on batch statistics (capability "
                    + Capability.TRAIN_BATCHNORM + "); set tl4j.trainer.batchnorm = inference or use a backend "
                    + "that has it (tensorflow)");
        }
        return compile(graph, weights, trainable, optimizer);
    }

    @Override
    void close();
}
