package org.tl4j.api.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.tl4j.api.GraphException;

/**
 * An immutable, validated layer graph. Nodes are kept in Keras {@code model.layers} order, which is also a
 * topological order: every node's inputs come before it. The first node is the single {@link Input}; the output is
 * a named node (the last one unless said otherwise). Shapes are inferred once, at construction.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Graph {
    private final String name;
    private final List<Node> nodes;
    private final Map<String, Node> byName;
    private final Map<String, Shape> shapes;
    private final String output;

    private Graph(String name, List<Node> nodes, String output) {
        this.name = name;
        this.nodes = List.copyOf(nodes);
        this.byName = new LinkedHashMap<>();
        this.shapes = new LinkedHashMap<>();
        if (nodes.isEmpty() || !(nodes.get(0) instanceof Input)) {
            throw new GraphException("graph '" + name + "' must start with an Input node");
        }
        for (Node n : nodes) {
            if (n.name() == null || n.name().isBlank()) {
                throw new GraphException("graph '" + name + "' has a node without a name: " + n);
            }
            if (byName.containsKey(n.name())) {
                throw new GraphException("graph '" + name + "' has two layers named '" + n.name() + "'");
            }
            if (n instanceof Input && !byName.isEmpty()) {
                throw new GraphException("graph '" + name + "' has a second Input node '" + n.name() + "'");
            }
            List<Shape> in = new ArrayList<>();
            for (String i : n.inputs()) {
                Shape s = shapes.get(i);
                if (s == null) {
                    throw new GraphException("layer '" + n.name() + "' (" + n.kerasClass() + ") reads '" + i
                            + "', which is not defined before it in graph '" + name + "'");
                }
                in.add(s);
            }
            shapes.put(n.name(), n.outputShape(in));
            byName.put(n.name(), n);
        }
        if (!byName.containsKey(output)) {
            throw new GraphException("graph '" + name + "' has no node named '" + output + "' to use as output");
        }
        this.output = output;
    }

    /** Validates the nodes and infers their shapes; the last node is the output. */
    public static Graph of(String name, List<Node> nodes) {
        return new Graph(name, nodes, nodes.isEmpty() ? "" : nodes.get(nodes.size() - 1).name());
    }

    /** A builder that validates each node as it is added. */
    public static GraphBuilder builder(String name) {
        return new GraphBuilder(name);
    }

    public String name() {
        return name;
    }

    /** All nodes in Keras layer order. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The node of that name; throws naming the graph when absent. */
    public Node node(String nodeName) {
        Node n = byName.get(nodeName);
        if (n == null) {
            throw new GraphException("graph '" + name + "' has no layer named '" + nodeName + "'");
        }
        return n;
    }

    public boolean contains(String nodeName) {
        return byName.containsKey(nodeName);
    }

    /** Index of a node in layer order. */
    public int indexOf(String nodeName) {
        return nodes.indexOf(node(nodeName));
    }

    public Input input() {
        return (Input) nodes.get(0);
    }

    public String outputName() {
        return output;
    }

    /** The output shape of the named node. */
    public Shape shape(String nodeName) {
        node(nodeName);
        return shapes.get(nodeName);
    }

    /** The shape of the graph's output node. */
    public Shape outputShape() {
        return shapes.get(output);
    }

    /** The shapes flowing into a node, in input order. */
    public List<Shape> inputShapes(Node n) {
        List<Shape> in = new ArrayList<>(n.inputs().size());
        for (String i : n.inputs()) {
            in.add(shapes.get(i));
        }
        return in;
    }

    /** The weight slots of a node. */
    public List<WeightSlot> weightSlots(Node n) {
        return n.weightSlots(inputShapes(n));
    }

    /** Nodes that own at least one weight array, in Keras order: the positional sequence for legacy HDF5 loading. */
    public List<Node> weightedNodes() {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            if (!weightSlots(n).isEmpty()) {
                out.add(n);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Every weight as {@code layer/slot → shape}, in Keras order. */
    public Map<String, Shape> weightShapes() {
        Map<String, Shape> out = new LinkedHashMap<>();
        for (Node n : nodes) {
            for (WeightSlot s : weightSlots(n)) {
                out.put(n.name() + "/" + s.name(), s.shape());
            }
        }
        return out;
    }

    /** Number of parameters of one node. */
    public long paramCount(Node n) {
        return weightSlots(n).stream().mapToLong(s -> s.shape().size()).sum();
    }

    /** Total number of parameters. */
    public long paramCount() {
        return nodes.stream().mapToLong(this::paramCount).sum();
    }

    /**
     * This graph followed by {@code head}: the head's input node is dropped and its consumers read this graph's
     * output. The head's input shape must equal this graph's output shape.
     */
    public Graph then(Graph head) {
        Input headIn = head.input();
        if (!headIn.shape().equals(outputShape())) {
            throw new GraphException("head '" + head.name() + "' expects input " + headIn.shape() + " but '" + name
                    + "' produces " + outputShape());
        }
        List<Node> all = new ArrayList<>(nodes);
        for (Node n : head.nodes().subList(1, head.nodes().size())) {
            all.add(Rewire.rename(n, headIn.name(), output));
        }
        return new Graph(name + "+" + head.name(), all, head.outputName());
    }

    /** The part of this graph up to and including {@code last}, which becomes the output. */
    public Graph upTo(String last) {
        int idx = indexOf(last);
        return new Graph(name, nodes.subList(0, idx + 1), last);
    }

    /** The same nodes with the given node as output. */
    public Graph withOutput(String nodeName) {
        return new Graph(name, nodes, nodeName);
    }

    @Override
    public String toString() {
        return "Graph[" + name + ", " + nodes.size() + " layers, " + input().shape() + " → " + outputShape() + "]";
    }
}
