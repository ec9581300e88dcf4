package org.tl4j.api.graph;

import java.util.List;
import org.apiguardian.api.API;
import org.tl4j.api.GraphException;

/**
 * One layer of a graph, named as Keras names it. A node knows its inputs (by node name), its Keras class, how to infer
 * its output shape and which weight arrays it owns, in Keras order.
 */
@API(status = API.Status.STABLE, since = "0.1")
public sealed interface Node permits Input, Conv2D, DepthwiseConv2D, BatchNorm, Activation, ZeroPadding, MaxPool,
        AveragePool, Add, GlobalAveragePool, Flatten, Dense, Dropout, External {

    /** The Keras layer name, unique within a graph. */
    String name();

    /** Names of the nodes whose outputs this node consumes, in order. */
    List<String> inputs();

    /** The Keras class this node corresponds to, e.g. {@code Conv2D} or {@code BatchNormalization}. */
    String kerasClass();

    /** The output shape for the given input shapes; throws {@link GraphException} naming this node when they do not fit. */
    Shape outputShape(List<Shape> inputShapes);

    /** The weight arrays of this node for the given input shapes, in Keras order; empty for weightless nodes. */
    default List<WeightSlot> weightSlots(List<Shape> inputShapes) {
        return List.of();
    }

    /** An error that names this node, its class and the offending shapes. */
    default GraphException error(String problem, List<Shape> inputShapes) {
        return new GraphException("layer '" + name() + "' (" + kerasClass() + "): " + problem + "; input shapes "
                + inputShapes);
    }

    /** Checks that there is exactly one input of the given rank and returns its shape. */
    default Shape single(List<Shape> inputShapes, int rank) {
        if (inputShapes.size() != 1) {
            throw error("expects 1 input, got " + inputShapes.size(), inputShapes);
        }
        Shape s = inputShapes.get(0);
        if (rank > 0 && s.rank() != rank) {
            throw error("expects a rank-" + rank + " input", inputShapes);
        }
        return s;
    }
}
