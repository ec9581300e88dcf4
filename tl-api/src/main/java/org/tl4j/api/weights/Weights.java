package org.tl4j.api.weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;
import org.tl4j.api.WeightsException;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.tensor.Tensor;

/**
 * An ordered, immutable map from weight name ({@code layer/slot}, e.g. {@code Conv1/kernel}) to tensor. Kernels are
 * stored exactly as Keras stores them (HWIO, {@code in×out} for Dense).
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Weights {
    private static final Weights EMPTY = new Weights(Map.of());
    private final Map<String, Tensor> tensors;

    private Weights(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public static Weights of(Map<String, Tensor> tensors) {
        return new Weights(tensors);
    }

    public static Weights empty() {
        return EMPTY;
    }

    public Map<String, Tensor> asMap() {
        return tensors;
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    public int size() {
        return tensors.size();
    }

    /** The tensor of that name; throws naming it when absent. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new WeightsException("no weight named '" + name + "'");
        }
        return t;
    }

    /** These weights plus {@code other}'s (which win on equal names). */
    public Weights with(Weights other) {
        Map<String, Tensor> m = new LinkedHashMap<>(tensors);
        m.putAll(other.tensors);
        return new Weights(m);
    }

    /** Only the weights whose layer (the part before {@code /}) is in {@code layers}. */
    public Weights forLayers(Set<String> layers) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (layers.contains(layerOf(k))) {
                m.put(k, v);
            }
        });
        return new Weights(m);
    }

    /** The layer part of a weight name. */
    public static String layerOf(String weightName) {
        int slash = weightName.lastIndexOf('/');
        return slash < 0 ? weightName : weightName.substring(0, slash);
    }

    /**
     * Checks that every value is finite; throws naming {@code source}, the first tensor that holds NaN or infinity
     * and how many of its values do. Weights like that come from a damaged file or a diverged training run, and a
     * network computed with them gives NaN (or chance) everywhere.
     */
    public Weights checkFinite(String source) {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            float[] data = e.getValue().data();
            int bad = 0;
            for (float v : data) {
                if (!Float.isFinite(v)) {
                    bad++;
                }
            }
            if (bad > 0) {
                throw new WeightsException(source + ": weight '" + e.getKey() + "' holds " + bad + " non-finite value"
                        + (bad == 1 ? "" : "s") + " (NaN or infinity) of " + data.length
                        + "; the file is damaged or comes from a training run that diverged");
            }
        }
        return this;
    }

    /** Checks that these weights hold exactly the graph's weights with the right shapes. */
    public void checkFits(Graph graph, String source) {
        Map<String, Shape> expected = graph.weightShapes();
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new WeightsException(source + ": missing weight '" + e.getKey() + "' (" + e.getValue()
                        + ") for graph '" + graph.name() + "'");
            }
            if (!Shape.of(t.shape()).equals(e.getValue())) {
                throw new WeightsException(source + ": weight '" + e.getKey() + "' has shape " + Shape.of(t.shape())
                        + ", the layer expects " + e.getValue());
            }
        }
        for (String k : tensors.keySet()) {
            if (!expected.containsKey(k)) {
                throw new WeightsException(source + ": weight '" + k + "' belongs to no layer of graph '"
                        + graph.name() + "'");
            }
        }
    }
}
