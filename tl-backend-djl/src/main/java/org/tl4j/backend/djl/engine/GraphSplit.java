package org.tl4j.backend.djl.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Shape;
import org.tl4j.backend.djl.head.DenseHead;

/**
 * How the djl backend divides a graph: the frozen base, run by ONNX Runtime, and the head — the longest run of
 * Dense, Dropout and activation layers (after an optional global average pool) that ends at the graph output — run
 * and trained on the JVM. When the base does real work, a leading pool goes to ONNX Runtime too, so that only pooled
 * features cross into Java.
 *
 * @param base      the graph up to the head's input, or null when the head reads the graph input directly
 * @param head      the head's layers in order; empty when the graph has no such tail
 * @param headInput the shape of one example entering the head
 */
record GraphSplit(Graph base, List<Node> head, Shape headInput) {

    /** Splits a graph. */
    static GraphSplit of(Graph graph) {
        List<Node> chain = new ArrayList<>();
        String cut = graph.outputName();
        while (true) {
            Node n = graph.node(cut);
            if (n instanceof Input || !DenseHead.supports(n, graph.inputShapes(n).get(0))) {
                break;
            }
            chain.add(0, n);
            cut = n.inputs().get(0);
            if (n instanceof GlobalAveragePool) {
                break;
            }
        }
        boolean trivialBase = graph.node(cut) instanceof Input;
        if (!trivialBase && !chain.isEmpty() && chain.get(0) instanceof GlobalAveragePool pool) {
            cut = pool.name();
            chain.remove(0);
        }
        if (chain.isEmpty()) {
            return new GraphSplit(graph, List.of(), graph.outputShape());
        }
        return new GraphSplit(trivialBase ? null : graph.withOutput(cut), List.copyOf(chain), graph.shape(cut));
    }

    /** Names of the head's layers. */
    Set<String> headLayers() {
        Set<String> names = new LinkedHashSet<>();
        head.forEach(n -> names.add(n.name()));
        return names;
    }

    /** Whether part of the graph runs in ONNX Runtime. */
    boolean hasBase() {
        return base != null;
    }

    /** Whether part of the graph runs on the JVM. */
    boolean hasHead() {
        return !head.isEmpty();
    }
}
