package org.tl4j.api.graph;

import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Builds a {@link Graph} node by node. {@link #add} validates shapes as it goes, so a backbone author sees the first
 * layer that does not fit, and returns the new node's name so that it can be wired onwards.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class GraphBuilder {
    private final String name;
    private final List<Node> nodes = new ArrayList<>();
    private Graph partial;

    GraphBuilder(String name) {
        this.name = name;
    }

    /** Appends a node and returns its name. */
    public String add(Node node) {
        nodes.add(node);
        try {
            partial = Graph.of(name, nodes);
        } catch (RuntimeException e) {
            nodes.remove(nodes.size() - 1);
            throw e;
        }
        return node.name();
    }

    /** The name of the most recently added node. */
    public String last() {
        return nodes.get(nodes.size() - 1).name();
    }

    /** The inferred output shape of a node already added. */
    public Shape shape(String nodeName) {
        return partial.shape(nodeName);
    }

    /** The finished graph, whose output is the last node added. */
    public Graph build() {
        return Graph.of(name, nodes);
    }
}
