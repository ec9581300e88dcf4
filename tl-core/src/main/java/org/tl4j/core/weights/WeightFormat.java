package org.tl4j.core.weights;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.tl4j.api.WeightsException;
import org.tl4j.api.graph.Graph;
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
            Weights w = Safetensors.read(file);
            w.checkFits(graph, file.toString());
            return w.checkFinite(file.toString());
        }
    };

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
