package org.tl4j.api.graph;

import java.util.List;

/** Rewrites a node's input references, used when graphs are joined. */
final class Rewire {
    private Rewire() {
    }

    static Node rename(Node n, String from, String to) {
        if (!n.inputs().contains(from)) {
            return n;
        }
        if (n instanceof Input i) {
            return i;
        }
        if (n instanceof Conv2D c) {
            return new Conv2D(c.name(), to, c.filters(), c.kernelH(), c.kernelW(), c.strideH(), c.strideW(),
                    c.padding(), c.useBias(), c.activation());
        }
        if (n instanceof DepthwiseConv2D d) {
            return new DepthwiseConv2D(d.name(), to, d.kernelH(), d.kernelW(), d.strideH(),
                    d.strideW(), d.padding(), d.depthMultiplier(), d.useBias(), d.activation());
        }
        if (n instanceof BatchNorm b) {
            return new BatchNorm(b.name(), to, b.epsilon(), b.momentum());
        }
        if (n instanceof Activation a) {
            return new Activation(a.name(), to, a.fn());
        }
        if (n instanceof ZeroPadding z) {
            return new ZeroPadding(z.name(), to, z.top(), z.bottom(), z.left(), z.right());
        }
        if (n instanceof MaxPool m) {
            return new MaxPool(m.name(), to, m.poolH(), m.poolW(), m.strideH(), m.strideW(), m.padding());
        }
        if (n instanceof AveragePool p) {
            return new AveragePool(p.name(), to, p.poolH(), p.poolW(), p.strideH(), p.strideW(), p.padding());
        }
        if (n instanceof Flatten f) {
            return new Flatten(f.name(), to);
        }
        if (n instanceof Add a) {
            return new Add(a.name(), a.inputs().stream().map(s -> s.equals(from) ? to : s).toList());
        }
        if (n instanceof GlobalAveragePool g) {
            return new GlobalAveragePool(g.name(), to);
        }
        if (n instanceof Dense d) {
            return new Dense(d.name(), to, d.units(), d.useBias(), d.activation());
        }
        if (n instanceof Dropout d) {
            return new Dropout(d.name(), to, d.rate());
        }
        if (n instanceof External e) {
            return new External(e.name(), to, e.format(), e.location(), e.options(), e.output());
        }
        throw new IllegalStateException("unknown node type " + n);
    }

    static List<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).toList();
    }
}
