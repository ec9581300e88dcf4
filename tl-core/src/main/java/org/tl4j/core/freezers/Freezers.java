package org.tl4j.core.freezers;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;

/** Shared rules of the standard freezers. */
final class Freezers {
    private Freezers() {
    }

    /** Names of the weighted layers at or after layer index {@code from} (Keras {@code model.layers} index). */
    static Set<String> weightedFrom(Graph base, int from) {
        Set<String> out = new LinkedHashSet<>();
        List<Node> nodes = base.nodes();
        for (int i = Math.max(from, 0); i < nodes.size(); i++) {
            if (!base.weightSlots(nodes.get(i)).isEmpty()) {
                out.add(nodes.get(i).name());
            }
        }
        return out;
    }
}
