package org.tl4j.core.weights;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tl4j.api.WeightsException;
import org.tl4j.api.graph.DepthwiseConv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;

/** The weight file formats tl4j reads, told apart by file name. */
public enum WeightFormat {
    /** Keras HDF5 ({@code .h5}, {@code .hdf5}, {@code .weights.h5}), matched to the graph by position. */
    KERAS_H5 {
        @Override
        public Weights read(Path file, Graph graph) {
            return KerasH5Reader.read(file, graph).checkFinite(file.toString());
        }
    },
    /** tl4j's safetensors files, matched to the graph by name ({@code layer/slot}). */
    SAFETENSORS {
        @Override
        public Weights read(Path file, Graph graph) {
            Weights w = keras3Names(Safetensors.read(file), graph);
            w.checkFits(graph, file.toString());
            return w.checkFinite(file.toString());
        }
    };

    /**
     * Keras 3 names a DepthwiseConv2D's variable {@code kernel} where Keras 2's files (and tl4j) say
     * {@code depthwise_kernel}: a safetensors file written from Keras 3's variable paths holds {@code layer/kernel}
     * for such a layer. It is read under tl4j's name; every other name must match as it is.
     */
    static Weights keras3Names(Weights w, Graph graph) {
        Map<String, Tensor> renamed = new LinkedHashMap<>(w.asMap());
        for (Node n : graph.nodes()) {
            String keras3 = n.name() + "/kernel";
            String tl4j = n.name() + "/depthwise_kernel";
            if (n instanceof DepthwiseConv2D && !renamed.containsKey(tl4j) && renamed.containsKey(keras3)) {
                renamed.put(tl4j, renamed.remove(keras3));
            }
        }
        return renamed.size() == w.size() && renamed.keySet().equals(w.names()) ? w : Weights.of(renamed);
    }

    /**
     * Reads {@code file} and checks that it holds exactly the weights of {@code graph}, with their shapes, and only
     * finite values.
     */
    public abstract Weights read(Path file, Graph graph);

    /** The format of a file name, if it is one tl4j reads. */
    public static Optional<WeightFormat> of(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
            return Optional.of(KERAS_H5);
        }
        if (name.endsWith(".safetensors")) {
            return Optional.of(SAFETENSORS);
        }
        return Optional.empty();
    }

    /** The format of a file name; throws naming the file and the accepted extensions otherwise. */
    public static WeightFormat require(Path file) {
        return of(file).orElseThrow(() -> new WeightsException(file + ": unknown weight file type; tl4j reads "
                + "Keras .h5 / .hdf5 files and .safetensors files"));
    }
}
